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

resource "aiven_gcp_privatelink" "demo_kafka_gcp" {
  project      = "demo-project"
  service_name = "demo-kafka-gcp"
}

import {
  to = aiven_gcp_privatelink.demo_kafka_gcp
  id = "demo-project/demo-kafka-gcp"
}

# Connection "plc3fd852bec98" (PSC connection "12870921937223780") is "pending-user-approval": approve it with your
# endpoint's IP in the panel, or add an aiven_gcp_privatelink_connection_approval with that
# psc_connection_id and your endpoint's IP as user_ip_address.

resource "aiven_gcp_privatelink_connection_approval" "demo_kafka_gcp_12870921937223781" {
  project           = aiven_gcp_privatelink.demo_kafka_gcp.project
  service_name      = aiven_gcp_privatelink.demo_kafka_gcp.service_name
  psc_connection_id = "12870921937223781"
  user_ip_address   = "10.0.0.100"
}

import {
  to = aiven_gcp_privatelink_connection_approval.demo_kafka_gcp_12870921937223781
  id = "demo-project/demo-kafka-gcp/12870921937223781"
}

resource "aiven_gcp_privatelink_connection_approval" "demo_kafka_gcp_12870921937223782" {
  project           = aiven_gcp_privatelink.demo_kafka_gcp.project
  service_name      = aiven_gcp_privatelink.demo_kafka_gcp.service_name
  psc_connection_id = "12870921937223782"
  user_ip_address   = "10.0.0.101"
}

import {
  to = aiven_gcp_privatelink_connection_approval.demo_kafka_gcp_12870921937223782
  id = "demo-project/demo-kafka-gcp/12870921937223782"
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
