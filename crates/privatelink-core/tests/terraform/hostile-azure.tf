# Terraform for the Azure PrivateLink of service "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#" in project "p\"\n# $${var.x}".
# Import blocks (Terraform 1.5 or later) adopt what already exists instead of creating it.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aiven = {
      source  = "aiven/aiven"
      version = ">= 4.51.0, < 5.0.0"
    }
  }
}

resource "aiven_azure_privatelink" "x____resource__null___y______file___etc_passwd_______if_true_____" {
  project      = "p\"\n# $${var.x}"
  service_name = "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
  user_subscription_ids = [
    "8eefec94-5d63-40c9-983c-03ab083b411d",
  ]
}

import {
  to = aiven_azure_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____
  id = "p\"\n# $${var.x}/x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
}

# Connection "plc35843e8054b" is "pending-user-approval" (endpoint "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#").
# Applying this approves it if it is pending, waits until it is connected, then sets
# the endpoint's IP. No import block: the resource's read needs the connection ID
# that only its create stores.
# Add endpoint_ip_address, your private endpoint's IP: the connection becomes
# active only once it has one.
resource "aiven_azure_privatelink_connection_approval" "x____resource__null___y______file___etc_passwd_______if_true_____" {
  project      = aiven_azure_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____.project
  service_name = aiven_azure_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____.service_name
}

# privatelink_access belongs to the service's own resource, which this file does not manage.
# Merge these switches into your aiven_pg resource of "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#":
#
#   pg_user_config {
#     privatelink_access {
#       pg         = true
#       pgbouncer  = false
#       prometheus = false
#     }
#   }
