# One repository per image: docker/api.Dockerfile, orchestrator.Dockerfile and worker-gpu.Dockerfile.
locals {
  images = toset(["fleet-api", "fleet-orchestrator", "fleet-worker-gpu"])
}

resource "aws_ecr_repository" "this" {
  for_each             = local.images
  name                 = "${local.name}/${each.key}"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each   = aws_ecr_repository.this
  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 20 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 20 }
      action       = { type = "expire" }
    }]
  })
}
