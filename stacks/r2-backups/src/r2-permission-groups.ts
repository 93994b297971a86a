/**
 * The ids of the R2 bucket-item permission groups, looked up by name at plan time rather than
 * hard-coded: `data.cloudflare_api_token_permission_groups_list.r2_bucket_items`.
 */
import { DataCloudflareApiTokenPermissionGroupsList } from '@cdktf/provider-cloudflare/lib/data-cloudflare-api-token-permission-groups-list';
import { Fn, TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';

/** Scope of the permission groups that apply to one R2 bucket (the prefix of its resource key). */
export const R2_BUCKET_SCOPE = 'com.cloudflare.edge.r2.bucket';

/** Names of the permission groups a backup token needs, as Cloudflare spells them. */
export const R2_BUCKET_ITEM_PERMISSIONS = {
  read: 'Workers R2 Storage Bucket Item Read',
  write: 'Workers R2 Storage Bucket Item Write',
} as const;

/** The permission groups of the R2 bucket scope, and the ids of the two a backup token needs. */
export class R2PermissionGroups extends Construct {
  /** `data.cloudflare_api_token_permission_groups_list.r2_bucket_items`. */
  public readonly list: DataCloudflareApiTokenPermissionGroupsList;
  /** Id of "Workers R2 Storage Bucket Item Read" (token). */
  public readonly bucketItemRead: string;
  /** Id of "Workers R2 Storage Bucket Item Write" (token). */
  public readonly bucketItemWrite: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Filtered by scope only (no special characters), then matched by exact name below: the API's
    // `name` filter wants a URL-encoded value, and an exact match cannot pick a similarly named group.
    this.list = new DataCloudflareApiTokenPermissionGroupsList(this, 'list', { scope: R2_BUCKET_SCOPE });
    this.list.overrideLogicalId('r2_bucket_items');
    this.bucketItemRead = this.idOf(R2_BUCKET_ITEM_PERMISSIONS.read);
    this.bucketItemWrite = this.idOf(R2_BUCKET_ITEM_PERMISSIONS.write);
  }

  /** `one([...])` fails the plan when the name matches no group or several, instead of picking one. */
  private idOf(name: string): string {
    const groups = TerraformIterator.fromList(this.list.result);
    return Fn.one(groups.forExpressionForList(`val.id if val.name == ${JSON.stringify(name)}`)) as string;
  }
}
