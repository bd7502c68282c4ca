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

# Service "demo-pg-aws" has no AWS PrivateLink yet: applying this creates one.
resource "aiven_aws_privatelink" "demo_pg_aws" {
  project      = "demo-project"
  service_name = "demo-pg-aws"
  principals = [
    # the IAM principal ARNs allowed to connect (at least one)
  ]
}

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
