import { TerraformDataSource, TerraformResource } from 'cdktf';

/** The Terraform address of a resource or data source (`aws_iam_user.uploader`, `data.x.y`), as it synthesizes. */
export function terraformAddress(element: TerraformResource | TerraformDataSource): string {
  const address = `${element.terraformResourceType}.${element.friendlyUniqueId}`;
  return element instanceof TerraformDataSource ? `data.${address}` : address;
}
