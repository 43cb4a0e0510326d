import { MAX_DISPLAY_NAME_LENGTH, MAX_MEMBERS_PER_REQUEST } from '../limits';
import { SCHEMA } from '../schemas';
import { attr, type SchemaDef } from './types';

/** RFC 7643 §4.2: the core Group schema. Members are users of the same directory. */
export const GROUP_SCHEMA: SchemaDef = {
  id: SCHEMA.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr(
      'displayName',
      'string',
      `A human-readable name for the Group; unique per directory, compared case-insensitively. Role mappings match it. At most ${MAX_DISPLAY_NAME_LENGTH} characters, no control characters.`,
      {
        required: true,
        uniqueness: 'server',
      },
    ),
    attr(
      'members',
      'complex',
      `A list of members of the Group (users of this directory). At most ${MAX_MEMBERS_PER_REQUEST} members per request: larger groups are built with PATCH add.`,
      {
        multiValued: true,
        subAttributes: [
          attr('value', 'string', 'Identifier of the member of this Group.', { mutability: 'immutable', caseExact: true }),
          attr('$ref', 'reference', 'The URI of the member resource.', { mutability: 'immutable', referenceTypes: ['User'] }),
          attr('display', 'string', 'A human-readable name of the member.', { mutability: 'readOnly' }),
          attr('type', 'string', 'The type of the member.', { mutability: 'immutable', canonicalValues: ['User'] }),
        ],
      },
    ),
  ],
};
