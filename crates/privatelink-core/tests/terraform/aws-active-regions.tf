# Terraform for the AWS PrivateLink of service "demo-pg-aws" in project "demo-project".
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

resource "aiven_aws_privatelink" "demo_pg_aws" {
  project      = "demo-project"
  service_name = "demo-pg-aws"
  principals = [
    "arn:aws:iam::012345678901:user/mytestuser",
    "arn:aws:iam::210987654321:root",
  ]
}

import {
  to = aiven_aws_privatelink.demo_pg_aws
  id = "demo-project/demo-pg-aws"
}

# supported_regions "us-west-2", "eu-west-1": aiven_aws_privatelink has no argument
# for them, so Terraform leaves them as they are; change them with avn
# (--supported-regions).
# AWS accepts VPC endpoints of allowed principals by itself, and the provider has
# no connection resource. VPC endpoints connected now: 1
#   "vpce-0123456789abc1345" "active", DNS name "vpce-0123456789abc1345-qfhrjbis.vpce-svc-0abcdef0123456789.us-east-1.vpce.amazonaws.com"

# privatelink_access belongs to the service's own resource, which this file does not manage.
# Merge these switches into your aiven_pg resource of "demo-pg-aws":
#
#   pg_user_config {
#     privatelink_access {
#       pg         = false
#       pgbouncer  = false
#       prometheus = false
#     }
#   }
