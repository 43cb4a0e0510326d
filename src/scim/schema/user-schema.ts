import { MAX_DISPLAY_NAME_LENGTH, MAX_EMAIL_LENGTH, MAX_MULTI_VALUED_ITEMS, MAX_NAME_PART_LENGTH, MAX_USER_NAME_LENGTH } from '../limits';
import { SCHEMA } from '../schemas';
import { attr, multiValued, type SchemaDef } from './types';

/**
 * RFC 7643 §4.1 and §8.7.1: the core User schema. RFC 7643 §7 has no attribute for a maximum
 * length, so the limits (limits.ts, issue 9) are stated in the descriptions a client reads.
 */
export const USER_SCHEMA: SchemaDef = {
  id: SCHEMA.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr(
      'userName',
      'string',
      `Unique identifier for the User, typically used to authenticate. Unique per directory, compared case-insensitively. At most ${MAX_USER_NAME_LENGTH} characters, no control characters.`,
      {
        required: true,
        uniqueness: 'server',
      },
    ),
    attr(
      'name',
      'complex',
      `The components of the user's real name. Each at most ${MAX_NAME_PART_LENGTH} characters, no control characters.`,
      {
        subAttributes: [
          attr('formatted', 'string', 'The full name, formatted for display.'),
          attr('familyName', 'string', 'The family name.'),
          attr('givenName', 'string', 'The given name.'),
          attr('middleName', 'string', 'The middle name(s).'),
          attr('honorificPrefix', 'string', 'The honorific prefix(es), e.g. Ms.'),
          attr('honorificSuffix', 'string', 'The honorific suffix(es), e.g. III.'),
        ],
      },
    ),
    attr(
      'displayName',
      'string',
      `The name of the User, suitable for display to end-users. At most ${MAX_DISPLAY_NAME_LENGTH} characters, no control characters.`,
    ),
    attr('nickName', 'string', 'The casual way to address the user.'),
    attr('profileUrl', 'reference', "A fully qualified URL pointing to the User's online profile.", { referenceTypes: ['external'] }),
    attr('title', 'string', "The user's title, such as 'Vice President'."),
    attr('userType', 'string', 'The relationship between the organization and the user.'),
    attr('preferredLanguage', 'string', "The User's preferred written or spoken language."),
    attr('locale', 'string', "The User's default location for localization."),
    attr('timezone', 'string', "The User's time zone in the 'Olson' format."),
    attr('active', 'boolean', "The User's administrative status; false revokes the member's access."),
    attr('password', 'string', 'Accepted on write, never stored and never returned.', { mutability: 'writeOnly', returned: 'never' }),
    multiValued(
      'emails',
      `Email addresses for the user. The primary one links the user to an account member; a user without any (and without an email-shaped userName) is kept, linked to no member, until it has one. At most ${MAX_MULTI_VALUED_ITEMS}, each at most ${MAX_EMAIL_LENGTH} characters.`,
      ['work', 'home', 'other'],
    ),
    multiValued('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multiValued('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multiValued('photos', 'URLs of photos of the User.', ['photo', 'thumbnail'], { caseExact: true }),
    attr('addresses', 'complex', 'A physical mailing address for this User.', {
      multiValued: true,
      subAttributes: [
        attr('formatted', 'string', 'The full mailing address, formatted for display.'),
        attr('streetAddress', 'string', 'The full street address component.'),
        attr('locality', 'string', 'The city or locality component.'),
        attr('region', 'string', 'The state or region component.'),
        attr('postalCode', 'string', 'The zip code or postal code component.'),
        attr('country', 'string', 'The country name component.'),
        attr('type', 'string', 'A label indicating the address function.', { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', 'boolean', 'Indicates the primary address.'),
      ],
    }),
    attr('groups', 'complex', 'The groups the user belongs to, managed through the Group resource.', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        attr('value', 'string', 'The id of the Group.', { mutability: 'readOnly' }),
        attr('$ref', 'reference', 'The URI of the Group.', { mutability: 'readOnly', referenceTypes: ['Group'] }),
        attr('display', 'string', "The group's displayName.", { mutability: 'readOnly' }),
        attr('type', 'string', 'Direct or indirect membership.', { mutability: 'readOnly', canonicalValues: ['direct'] }),
      ],
    }),
    multiValued('entitlements', 'A list of entitlements for the User.', []),
    multiValued('roles', 'A list of roles for the User, as the IdP names them (not the account role).', []),
    multiValued('x509Certificates', 'A list of certificates issued to the User.', [], { type: 'binary' }),
  ],
};
