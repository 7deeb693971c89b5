output "api_url" {
  description = "The API's HTTPS address (point the certificate's host name at api_load_balancer_dns with a CNAME or alias)."
  value       = "https://${aws_lb.api.dns_name}"
}

output "api_load_balancer_dns" {
  description = "DNS name of the API's load balancer."
  value       = aws_lb.api.dns_name
}

output "input_bucket" {
  description = "Bucket to drop PDFs into."
  value       = aws_s3_bucket.this["input"].id
}

output "output_bucket" {
  description = "Bucket the results and run manifests are written to."
  value       = aws_s3_bucket.this["output"].id
}

output "intake_queue_url" {
  description = "SQS queue receiving the input bucket's .pdf ObjectCreated events."
  value       = aws_sqs_queue.intake.url
}

output "ecr_repositories" {
  description = "Where to push fleet-api, fleet-orchestrator and fleet-worker-gpu."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "api_keys_secret" {
  description = "Secrets Manager secret holding the API keys (JSON field keys, comma-separated)."
  value       = aws_secretsmanager_secret.api_keys.name
}

output "rabbitmq_console_url" {
  description = "Amazon MQ's RabbitMQ management console (private subnets: reach it through a bastion or VPN)."
  value       = aws_mq_broker.main.instances[0].console_url
}

output "dashboard_url" {
  description = "The CloudWatch dashboard."
  value       = "https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards:name=${aws_cloudwatch_dashboard.fleet.dashboard_name}"
}
