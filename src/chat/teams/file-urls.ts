/**
 * Checks a file URL from an activity before the bot sends a file to it or reads one from it.
 * In the public cloud, Teams keeps the files of 1:1 chats in SharePoint Online (OneDrive for
 * Business, `https://*.sharepoint.com`), so those URLs are accepted. URLs on the origin of the
 * activity's service URL are accepted too, because the Bot Framework Emulator and the tests' fake
 * connector serve files there. Any other URL could send an export outside the tenant, or make the
 * bot fetch from a host the activity chose.
 */
export function isTrustedFileUrl(url: string, serviceUrl: string | undefined): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:" && parsed.hostname.endsWith(".sharepoint.com")) return true;
    return serviceUrl !== undefined && parsed.origin === new URL(serviceUrl).origin;
  } catch {
    return false;
  }
}
