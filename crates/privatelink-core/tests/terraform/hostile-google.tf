# Terraform for the Google Private Service Connect of service "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#" in project "p\"\n# $${var.x}".
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

resource "aiven_gcp_privatelink" "x____resource__null___y______file___etc_passwd_______if_true_____" {
  project      = "p\"\n# $${var.x}"
  service_name = "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
}

import {
  to = aiven_gcp_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____
  id = "p\"\n# $${var.x}/x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
}

# Connection "plc3fd852bec98" (PSC connection "12870921937223780") is "pending-user-approval": approve it with your
# endpoint's IP in the panel, or add an aiven_gcp_privatelink_connection_approval with that
# psc_connection_id and your endpoint's IP as user_ip_address.

resource "aiven_gcp_privatelink_connection_approval" "x____resource__null___y______file___etc_passwd_______if_true______x____resource__null___y______file___etc_passwd_______if_true_____" {
  project           = aiven_gcp_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____.project
  service_name      = aiven_gcp_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____.service_name
  psc_connection_id = "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
  user_ip_address   = "10.0.0.100"
}

import {
  to = aiven_gcp_privatelink_connection_approval.x____resource__null___y______file___etc_passwd_______if_true______x____resource__null___y______file___etc_passwd_______if_true_____
  id = "p\"\n# $${var.x}/x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#/x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
}

resource "aiven_gcp_privatelink_connection_approval" "x____resource__null___y______file___etc_passwd_______if_true______x____resource__null___y______file___etc_passwd_______if_true______1" {
  project           = aiven_gcp_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____.project
  service_name      = aiven_gcp_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____.service_name
  psc_connection_id = "x'\n} resource 'null' 'y' { $${file('/etc/passwd')} %%{ if true }\\\u202e#"
  user_ip_address   = "10.0.0.101"
}

import {
  to = aiven_gcp_privatelink_connection_approval.x____resource__null___y______file___etc_passwd_______if_true______x____resource__null___y______file___etc_passwd_______if_true______1
  id = "p\"\n# $${var.x}/x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#/x'\n} resource 'null' 'y' { $${file('/etc/passwd')} %%{ if true }\\\u202e#"
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
