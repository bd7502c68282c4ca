# Terraform for the Google Private Service Connect of service "demo-kafka-gcp" in project "demo-project".
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

# The Google Private Service Connect is "creating": its connections can be handled once it is active.
resource "aiven_gcp_privatelink" "demo_kafka_gcp" {
  project      = "demo-project"
  service_name = "demo-kafka-gcp"
}

import {
  to = aiven_gcp_privatelink.demo_kafka_gcp
  id = "demo-project/demo-kafka-gcp"
}

# privatelink_access belongs to the service's own resource, which this file does not manage.
# Merge these switches into your aiven_kafka resource of "demo-kafka-gcp":
#
#   kafka_user_config {
#     privatelink_access {
#       kafka           = true
#       kafka_connect   = false
#       kafka_rest      = false
#       schema_registry = true
#       jolokia         = false
#       prometheus      = false
#     }
#   }
