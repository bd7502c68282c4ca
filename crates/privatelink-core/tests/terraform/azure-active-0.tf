# Terraform for the Azure PrivateLink of service "demo-pg" in project "demo-project".
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

resource "aiven_azure_privatelink" "demo_pg" {
  project      = "demo-project"
  service_name = "demo-pg"
  user_subscription_ids = [
    "8eefec94-5d63-40c9-983c-03ab083b411d",
  ]
}

import {
  to = aiven_azure_privatelink.demo_pg
  id = "demo-project/demo-pg"
}

# No private endpoint has connected yet, so no aiven_azure_privatelink_connection_approval is written.
# Add one once your endpoint exists: it approves the service's only connection.

# privatelink_access belongs to the service's own resource, which this file does not manage.
# Merge these switches into your aiven_pg resource of "demo-pg":
#
#   pg_user_config {
#     privatelink_access {
#       pg         = true
#       pgbouncer  = false
#       prometheus = false
#     }
#   }
