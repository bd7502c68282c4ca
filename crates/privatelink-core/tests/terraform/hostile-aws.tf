# Terraform for the AWS PrivateLink of service "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#" in project "p\"\n# $${var.x}".
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

resource "aiven_aws_privatelink" "x____resource__null___y______file___etc_passwd_______if_true_____" {
  project      = "p\"\n# $${var.x}"
  service_name = "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
  principals = [
    "arn:aws:iam::012345678901:user/mytestuser",
    "arn:aws:iam::210987654321:root",
  ]
}

import {
  to = aiven_aws_privatelink.x____resource__null___y______file___etc_passwd_______if_true_____
  id = "p\"\n# $${var.x}/x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"
}

# supported_regions "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#": aiven_aws_privatelink has no argument
# for them, so Terraform leaves them as they are; change them with avn
# (--supported-regions).
# AWS accepts VPC endpoints of allowed principals by itself, and the provider has
# no connection resource. VPC endpoints connected now: 1
#   "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#" "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#", DNS name "x\"\n} resource \"null\" \"y\" { $${file(\"/etc/passwd\")} %%{ if true }\\\u202e#"

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
