# Fleet on AWS: buckets with PDF notifications, Amazon MQ (RabbitMQ), RDS PostgreSQL, the api behind an ALB, the
# orchestrator, and GPU workers on ECS that scale on the chunk queue down to zero. See README "Deploy on AWS".
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = { Project = "fleet", Environment = var.environment }
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

locals {
  name = "fleet-${var.environment}"
  azs  = slice(data.aws_availability_zones.available.names, 0, 2)
}
