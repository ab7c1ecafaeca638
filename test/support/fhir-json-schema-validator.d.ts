/** The package ships no types; it wraps Ajv 6 around the HL7 FHIR R4 JSON schema. */
declare module "@asymmetrik/fhir-json-schema-validator" {
  export interface SchemaError {
    keyword: string;
    dataPath: string;
    message?: string;
  }
  export default class JSONSchemaValidator {
    /** Returns the schema errors of a resource; empty when it is valid. */
    validate(resource: unknown, verbose?: boolean): (SchemaError | string)[];
  }
}
