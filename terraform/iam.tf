# Least privilege per role: each task role may touch only the buckets, keys and queue its role uses.
data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# ECS itself: pull images, write logs, and read exactly the secrets the task definitions name.
resource "aws_iam_role" "execution" {
  name               = "${local.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution_secrets" {
  statement {
    sid     = "ReadFleetSecrets"
    actions = ["secretsmanager:GetSecretValue"]
    resources = [
      aws_secretsmanager_secret.database.arn,
      aws_secretsmanager_secret.broker.arn,
      aws_secretsmanager_secret.api_keys.arn,
    ]
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets.json
}

locals {
  input_arn  = aws_s3_bucket.this["input"].arn
  output_arn = aws_s3_bucket.this["output"].arn
}

# api: probes the input bucket for readiness, reads manifests and results, and (ingest listener) takes PDF
# notifications off the intake queue.
data "aws_iam_policy_document" "api" {
  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket"]
    resources = [local.input_arn, local.output_arn]
  }
  statement {
    sid       = "ReadResults"
    actions   = ["s3:GetObject"]
    resources = ["${local.output_arn}/*"]
  }
  statement {
    sid       = "IntakeQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = [aws_sqs_queue.intake.arn]
  }
}

# orchestrator: lists and hashes inputs, writes manifests and assembled results.
data "aws_iam_policy_document" "orchestrator" {
  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket"]
    resources = [local.input_arn, local.output_arn]
  }
  statement {
    sid       = "ReadInputs"
    actions   = ["s3:GetObject"]
    resources = ["${local.input_arn}/*"]
  }
  statement {
    sid       = "ReadWriteOutputs"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${local.output_arn}/*"]
  }
}

# worker: reads inputs, writes chunk results and assembled documents.
data "aws_iam_policy_document" "worker" {
  statement {
    sid       = "ListBuckets"
    actions   = ["s3:ListBucket"]
    resources = [local.input_arn, local.output_arn]
  }
  statement {
    sid       = "ReadInputs"
    actions   = ["s3:GetObject"]
    resources = ["${local.input_arn}/*"]
  }
  statement {
    sid       = "ReadWriteOutputs"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${local.output_arn}/*"]
  }
}

locals {
  task_policies = {
    api          = data.aws_iam_policy_document.api.json
    orchestrator = data.aws_iam_policy_document.orchestrator.json
    worker       = data.aws_iam_policy_document.worker.json
  }
}

resource "aws_iam_role" "task" {
  for_each           = local.task_policies
  name               = "${local.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "task" {
  for_each = local.task_policies
  name     = each.key
  role     = aws_iam_role.task[each.key].id
  policy   = each.value
}

# The GPU instances: join the ECS cluster and nothing else (Session Manager for operators' shell access).
data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "gpu_instance" {
  name               = "${local.name}-gpu-instance"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "gpu_instance" {
  for_each = toset([
    "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  ])
  role       = aws_iam_role.gpu_instance.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "gpu_instance" {
  name = "${local.name}-gpu-instance"
  role = aws_iam_role.gpu_instance.name
}
