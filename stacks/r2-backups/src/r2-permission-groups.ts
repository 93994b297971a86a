/**
 * The ids of the R2 bucket-item permission groups of the account, looked up by name at plan time
 * rather than hard-coded: `data.cloudflare_account_api_token_permission_groups_list.r2_bucket_items`.
 * Account-owned tokens take the account's permission groups (provider 5.14), not the user's.
 */
import { DataCloudflareAccountApiTokenPermissionGroupsList } from '@cdktf/provider-cloudflare/lib/data-cloudflare-account-api-token-permission-groups-list';
import { Fn, TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';

/** Scope of the permission groups that apply to one R2 bucket (the prefix of its resource key). */
export const R2_BUCKET_SCOPE = 'com.cloudflare.edge.r2.bucket';

/** Names of the permission groups a backup token needs, as Cloudflare spells them. */
export const R2_BUCKET_ITEM_PERMISSIONS = {
  read: 'Workers R2 Storage Bucket Item Read',
  write: 'Workers R2 Storage Bucket Item Write',
} as const;

/** Props of {@link R2PermissionGroups}. */
export interface R2PermissionGroupsProps {
  /** Cloudflare account whose permission groups are listed. */
  readonly cloudflareAccountId: string;
}

/** The permission groups of the R2 bucket scope, and the ids of the two a backup token needs. */
export class R2PermissionGroups extends Construct {
  /** `data.cloudflare_account_api_token_permission_groups_list.r2_bucket_items`. */
  public readonly list: DataCloudflareAccountApiTokenPermissionGroupsList;
  /** Id of "Workers R2 Storage Bucket Item Read" (token). */
  public readonly bucketItemRead: string;
  /** Id of "Workers R2 Storage Bucket Item Write" (token). */
  public readonly bucketItemWrite: string;

  constructor(scope: Construct, id: string, props: R2PermissionGroupsProps) {
    super(scope, id);
    // Filtered by scope only (no special characters), then matched by exact name below: the API's
    // `name` filter wants a URL-encoded value, and an exact match cannot pick a similarly named group.
    this.list = new DataCloudflareAccountApiTokenPermissionGroupsList(this, 'list', { accountId: props.cloudflareAccountId, scope: R2_BUCKET_SCOPE });
    this.list.overrideLogicalId('r2_bucket_items');
    this.bucketItemRead = this.idOf(R2_BUCKET_ITEM_PERMISSIONS.read);
    this.bucketItemWrite = this.idOf(R2_BUCKET_ITEM_PERMISSIONS.write);
  }

  /**
   * Fails closed instead of picking a group: `one([...])` is an error when the name matches several
   * groups, and null when it matches none, which the token's required `permission_groups[].id` refuses.
   */
  private idOf(name: string): string {
    const groups = TerraformIterator.fromList(this.list.result);
    return Fn.one(groups.forExpressionForList(`val.id if val.name == ${JSON.stringify(name)}`)) as string;
  }
}
