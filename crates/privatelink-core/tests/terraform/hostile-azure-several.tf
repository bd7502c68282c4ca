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

# This service has 2 connections, so no aiven_azure_privatelink_connection_approval is written:
# it approves the service's only connection and fails with more than one.
# Handle them in the panel or with avn:
#   "plc35843e8054b" "pending-user-approval", endpoint "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
#   "plc35843e8054b" "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#", endpoint "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"

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
