/** RFC 7643 §7 attribute and schema definitions: what /Schemas serves and what projection reads. */

export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

type Options = Partial<Omit<AttributeDef, 'name' | 'type' | 'description'>>;

/** Builds a definition with the RFC's defaults (§2.2): optional, case-insensitive, readWrite, returned by default. */
export function attr(name: string, type: AttributeType, description: string, options: Options = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** The usual multi-valued shape (emails, phoneNumbers, ...): value, display, type, primary. */
export function multiValued(
  name: string,
  description: string,
  types: string[],
  value: { type?: AttributeType; caseExact?: boolean } = {},
): AttributeDef {
  return attr(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      attr('value', value.type ?? 'string', `The ${name} value.`, { caseExact: value.caseExact ?? false }),
      attr('display', 'string', 'A human-readable name, primarily used for display purposes.', { mutability: 'readWrite' }),
      attr('type', 'string', `A label indicating the ${name} function.`, { canonicalValues: types }),
      attr('primary', 'boolean', 'Indicates the primary or preferred value.'),
    ],
  });
}
