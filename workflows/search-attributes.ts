import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, so an operator finds a user's workflow in the Temporal UI by account,
 * directory, SCIM id, email or group name. The dev server registers them at start; the worker ensures them on
 * a production cluster.
 */
export const ACCOUNT_ID = defineSearchAttributeKey('DsyncAccountId', SearchAttributeType.KEYWORD);
export const DIRECTORY_ID = defineSearchAttributeKey('DsyncDirectoryId', SearchAttributeType.KEYWORD);
export const SCIM_USER_ID = defineSearchAttributeKey('DsyncScimUserId', SearchAttributeType.KEYWORD);
export const USER_EMAIL = defineSearchAttributeKey('DsyncEmail', SearchAttributeType.KEYWORD);
export const SCIM_GROUP_ID = defineSearchAttributeKey('DsyncScimGroupId', SearchAttributeType.KEYWORD);
export const GROUP_NAME = defineSearchAttributeKey('DsyncGroupName', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [ACCOUNT_ID, DIRECTORY_ID, SCIM_USER_ID, USER_EMAIL, SCIM_GROUP_ID, GROUP_NAME] as const;

/** What a user's workflow is found by; the email only when it may be indexed in clear. */
export function userSearchAttributes(user: { accountId: string; directoryId: string; scimUserId: string; email?: string }) {
  return [
    { key: ACCOUNT_ID, value: user.accountId },
    { key: DIRECTORY_ID, value: user.directoryId },
    { key: SCIM_USER_ID, value: user.scimUserId },
    ...(user.email ? [{ key: USER_EMAIL, value: user.email }] : []),
  ];
}
