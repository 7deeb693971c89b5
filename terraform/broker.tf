# Amazon MQ for RabbitMQ in the private subnets. It speaks AMQPS only (port 5671): Fleet__Bus__RabbitMq__UseTls.
resource "aws_mq_broker" "main" {
  broker_name                = local.name
  engine_type                = "RabbitMQ"
  engine_version             = "3.13"
  host_instance_type         = var.mq_instance_type
  deployment_mode            = var.mq_deployment_mode
  publicly_accessible        = false
  auto_minor_version_upgrade = true
  subnet_ids                 = var.mq_deployment_mode == "SINGLE_INSTANCE" ? [aws_subnet.private[0].id] : aws_subnet.private[*].id
  security_groups            = [aws_security_group.data.id]

  user {
    username = "fleet"
    password = random_password.mq.result
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "03:00"
    time_zone   = "UTC"
  }
}

locals {
  # amqps://b-....mq.<region>.amazonaws.com:5671 -> the host name Fleet connects to.
  mq_host = regex("amqps://([^:]+):", aws_mq_broker.main.instances[0].endpoints[0])[0]
}
