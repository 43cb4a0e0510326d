import { SCHEMA } from '../schemas';
import { attr, type SchemaDef } from './types';

/** RFC 7643 §4.3: the enterprise User extension. */
export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: SCHEMA.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'string', 'Numeric or alphanumeric identifier assigned to a person by the organization.'),
    attr('costCenter', 'string', 'Identifies the name of a cost center.'),
    attr('organization', 'string', 'Identifies the name of an organization.'),
    attr('division', 'string', 'Identifies the name of a division.'),
    attr('department', 'string', 'Identifies the name of a department.'),
    attr('manager', 'complex', "The User's manager.", {
      subAttributes: [
        attr('value', 'string', 'The id of the SCIM resource representing the manager.', { caseExact: true }),
        attr('$ref', 'reference', 'The URI of the manager.', { referenceTypes: ['User'] }),
        attr('displayName', 'string', 'The displayName of the manager.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};
