# The ECS cluster: api and orchestrator on Fargate, workers on the GPU instances of gpu.tf.
resource "aws_ecs_cluster" "main" {
  name = local.name
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", aws_ecs_capacity_provider.gpu.name]
}

resource "aws_cloudwatch_log_group" "role" {
  for_each          = toset(["api", "orchestrator", "worker"])
  name              = "/fleet/${var.environment}/${each.key}"
  retention_in_days = var.log_retention_days
}

locals {
  registry = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${var.region}.amazonaws.com"
  image    = { for name in local.images : name => "${aws_ecr_repository.this[name].repository_url}:${var.image_tag}" }

  # Fleet's settings shared by every role (Fleet__Section__Name); secrets come separately.
  fleet_environment = [
    { name = "Fleet__Bus__Transport", value = "RabbitMq" },
    { name = "Fleet__Bus__RabbitMq__Host", value = local.mq_host },
    { name = "Fleet__Bus__RabbitMq__Port", value = "5671" },
    { name = "Fleet__Bus__RabbitMq__UseTls", value = "true" },
    { name = "Fleet__Bus__RabbitMq__VirtualHost", value = "/" },
    { name = "Fleet__Bus__RabbitMq__Username", value = "fleet" },
    { name = "Fleet__Bus__RabbitMq__ManagementUrl", value = aws_mq_broker.main.instances[0].console_url },
    { name = "Fleet__Database__Kind", value = "Postgres" },
    { name = "Fleet__Storage__Kind", value = "S3" },
    { name = "Fleet__Storage__S3__Region", value = var.region },
    { name = "MASSTRANSIT_USAGE_TELEMETRY", value = "false" },
  ]
  fleet_secrets = [
    { name = "Fleet__Bus__RabbitMq__Password", valueFrom = "${aws_secretsmanager_secret.broker.arn}:password::" },
    { name = "Fleet__Database__ConnectionString", valueFrom = "${aws_secretsmanager_secret.database.arn}:connectionString::" },
  ]
  health_check = {
    command     = ["CMD", "fleet-healthcheck", "/health/ready"]
    interval    = 15
    timeout     = 5
    retries     = 3
    startPeriod = 60
  }
  # Read-only root filesystem; /tmp (and the worker's /cache) are task volumes.
  tmp_mount = { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }

  log_configuration = { for role in ["api", "orchestrator", "worker"] : role => {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.role[role].name
      awslogs-region        = var.region
      awslogs-stream-prefix = role
    }
  } }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "${local.name}-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task["api"].arn
  volume {
    name = "tmp"
  }
  container_definitions = jsonencode([{
    name                   = "api"
    image                  = local.image["fleet-api"]
    essential              = true
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = 8080, protocol = "tcp" }]
    environment = concat(local.fleet_environment, [
      { name = "Fleet__Api__ReadinessBucket", value = aws_s3_bucket.this["input"].id },
      # The bucket drop: PDFs put in the input bucket are announced on the intake queue and become batches.
      { name = "Fleet__BucketDrop__Sqs__QueueUrl", value = aws_sqs_queue.intake.url },
      { name = "Fleet__BucketDrop__Sqs__Region", value = var.region },
      { name = "Fleet__BucketDrop__Rules__0__Bucket", value = aws_s3_bucket.this["input"].id },
      { name = "Fleet__BucketDrop__Rules__0__OutputBucket", value = aws_s3_bucket.this["output"].id },
    ])
    secrets = concat(local.fleet_secrets, [
      { name = "FLEET_API_KEY", valueFrom = "${aws_secretsmanager_secret.api_keys.arn}:keys::" },
    ])
    mountPoints      = [local.tmp_mount]
    healthCheck      = local.health_check
    logConfiguration = local.log_configuration["api"]
  }])
}

resource "aws_ecs_service" "api" {
  name                              = "api"
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = aws_ecs_task_definition.api.arn
  desired_count                     = var.api_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.tasks.id]
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = 8080
  }
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  depends_on = [aws_lb_listener.https]
}

resource "aws_ecs_task_definition" "orchestrator" {
  family                   = "${local.name}-orchestrator"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task["orchestrator"].arn
  volume {
    name = "tmp"
  }
  container_definitions = jsonencode([{
    name                   = "orchestrator"
    image                  = local.image["fleet-orchestrator"]
    essential              = true
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = 8080, protocol = "tcp" }]
    environment = concat(local.fleet_environment, [
      { name = "Fleet__Orchestrator__MaxActiveDocuments", value = tostring(var.max_active_documents) },
    ])
    secrets          = local.fleet_secrets
    mountPoints      = [local.tmp_mount]
    healthCheck      = local.health_check
    logConfiguration = local.log_configuration["orchestrator"]
  }])
}

resource "aws_ecs_service" "orchestrator" {
  name            = "orchestrator"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.orchestrator.arn
  desired_count   = var.orchestrator_count
  launch_type     = "FARGATE"
  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.tasks.id]
  }
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}

# One worker per GPU instance. stopTimeout (ECS's most: 120 s) is the worker's shutdown grace plus 30 s, so a
# scale-in lets the chunks in flight finish; what is still running then goes back to the queue.
resource "aws_ecs_task_definition" "worker" {
  family                   = "${local.name}-worker"
  requires_compatibilities = ["EC2"]
  network_mode             = "awsvpc"
  cpu                      = 3584
  memory                   = 14336
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task["worker"].arn
  volume {
    name = "tmp"
  }
  volume {
    name = "cache"
  }
  container_definitions = jsonencode([{
    name                   = "worker"
    image                  = local.image["fleet-worker-gpu"]
    essential              = true
    readonlyRootFilesystem = true
    stopTimeout            = var.worker_shutdown_grace_seconds + 30
    resourceRequirements   = [{ type = "GPU", value = "1" }]
    portMappings           = [{ containerPort = 8080, protocol = "tcp" }]
    environment = concat(local.fleet_environment, [
      { name = "Fleet__Worker__ShutdownGrace", value = format("00:%02d:%02d", floor(var.worker_shutdown_grace_seconds / 60), var.worker_shutdown_grace_seconds % 60) },
      { name = "Fleet__Worker__DocumentCacheDirectory", value = "/cache" },
      { name = "Fleet__Ocr__Device", value = "Cuda" },
    ])
    secrets          = local.fleet_secrets
    mountPoints      = [local.tmp_mount, { sourceVolume = "cache", containerPath = "/cache", readOnly = false }]
    healthCheck      = merge(local.health_check, { startPeriod = 120 })
    logConfiguration = local.log_configuration["worker"]
  }])
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = 0
  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.tasks.id]
  }
  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.gpu.name
    weight            = 1
  }
  # Application Auto Scaling owns the count (scaling.tf).
  lifecycle {
    ignore_changes = [desired_count]
  }
  depends_on = [aws_ecs_cluster_capacity_providers.main]
}
