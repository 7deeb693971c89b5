variable "region" {
  description = "AWS region for every resource."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Name of this deployment (prod, staging, ...); part of every resource name."
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  description = "CIDR of the VPC Fleet creates (two public and two private subnets are carved from it)."
  type        = string
  default     = "10.40.0.0/16"
}

variable "input_bucket_name" {
  description = "Name of the input bucket (globally unique). PDFs dropped here are announced on the intake queue."
  type        = string
}

variable "output_bucket_name" {
  description = "Name of the output bucket (globally unique): <name>.txt, <name>.json and runs/<batchId>/manifest.json."
  type        = string
}

variable "input_expiration_days" {
  description = "Days after which input PDFs are deleted (0 keeps them)."
  type        = number
  default     = 30
}

variable "output_noncurrent_days" {
  description = "Days a replaced or deleted output object version is kept."
  type        = number
  default     = 30
}

variable "output_infrequent_access_days" {
  description = "Days after which outputs move to S3 Standard-IA."
  type        = number
  default     = 90
  validation {
    condition     = var.worker_shutdown_grace_seconds >= 1 && var.worker_shutdown_grace_seconds <= 90
    error_message = "ECS waits at most 120 s after SIGTERM: the shutdown grace must be 1-90 s (30 s stay for the host to stop)."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the ALB's HTTPS listener (the API's host name)."
  type        = string
}

variable "allowed_cidrs" {
  description = "Client networks allowed to reach the API's load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "image_tag" {
  description = "Tag of the fleet-api, fleet-orchestrator and fleet-worker-gpu images in the ECR repositories this creates."
  type        = string
  default     = "0.1.0"
}

variable "api_count" {
  description = "API tasks (Fargate) behind the load balancer."
  type        = number
  default     = 2
}

variable "orchestrator_count" {
  description = "Orchestrator tasks (Fargate); any number may run, saga rows are locked per instance."
  type        = number
  default     = 2
}

variable "max_active_documents" {
  description = "Documents of one batch in flight at once (Fleet__Orchestrator__MaxActiveDocuments)."
  type        = number
  default     = 64
}

variable "worker_instance_types" {
  description = "GPU instance types for workers, in order of preference (one NVIDIA GPU each)."
  type        = list(string)
  default     = ["g5.xlarge", "g4dn.xlarge"]
}

variable "worker_spot" {
  description = "Run GPU workers on Spot capacity (cheaper; an interrupted worker's chunks are redelivered)."
  type        = bool
  default     = true
}

variable "worker_max_count" {
  description = "Most GPU workers (one per instance)."
  type        = number
  default     = 10
}

variable "worker_chunks_per_task" {
  description = "Queued chunks per running worker the scaling aims at."
  type        = number
  default     = 16
}

variable "worker_idle_minutes" {
  description = "Minutes the chunk queue must stay empty before the workers scale to zero."
  type        = number
  default     = 15
}

variable "worker_shutdown_grace_seconds" {
  description = "On scale-in a worker finishes its chunks this long (Fleet__Worker__ShutdownGrace); ECS stops it after this plus 30 s."
  type        = number
  default     = 90
  validation {
    condition     = var.worker_shutdown_grace_seconds >= 1 && var.worker_shutdown_grace_seconds <= 90
    error_message = "ECS waits at most 120 s after SIGTERM: the shutdown grace must be 1-90 s (30 s stay for the host to stop)."
  }
}

variable "mq_instance_type" {
  description = "Amazon MQ broker instance type."
  type        = string
  default     = "mq.m5.large"
}

variable "mq_deployment_mode" {
  description = "SINGLE_INSTANCE or CLUSTER_MULTI_AZ (three brokers)."
  type        = string
  default     = "SINGLE_INSTANCE"
  validation {
    condition     = contains(["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"], var.mq_deployment_mode)
    error_message = "mq_deployment_mode is SINGLE_INSTANCE or CLUSTER_MULTI_AZ."
  }
}

variable "db_instance_class" {
  description = "RDS PostgreSQL instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage" {
  description = "RDS storage in GiB (grows automatically up to four times this)."
  type        = number
  default     = 50
}

variable "db_multi_az" {
  description = "Standby database in a second availability zone."
  type        = bool
  default     = false
}

variable "alarm_email" {
  description = "Address subscribed to the alarms' SNS topic (empty: no subscription)."
  type        = string
  default     = ""
}

variable "oldest_message_alarm_minutes" {
  description = "Alarm when the oldest undelivered PDF notification is older than this."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "CloudWatch log retention of every role."
  type        = number
  default     = 30
}
