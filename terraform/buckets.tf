# Input and output buckets: encrypted, never public; the output is versioned. Every new .pdf in the input bucket is
# announced on the intake queue (queues.tf).
locals {
  buckets = {
    input  = var.input_bucket_name
    output = var.output_bucket_name
  }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets
  bucket   = each.value
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = aws_s3_bucket.this
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

# TLS only.
resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [each.value.arn, "${each.value.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_versioning" "output" {
  bucket = aws_s3_bucket.this["output"].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "input" {
  bucket = aws_s3_bucket.this["input"].id
  rule {
    id     = "expire-inputs"
    status = var.input_expiration_days > 0 ? "Enabled" : "Disabled"
    filter {}
    expiration {
      days = max(var.input_expiration_days, 1)
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "output" {
  bucket     = aws_s3_bucket.this["output"].id
  depends_on = [aws_s3_bucket_versioning.output]
  rule {
    id     = "outputs"
    status = "Enabled"
    filter {}
    transition {
      days          = var.output_infrequent_access_days
      storage_class = "STANDARD_IA"
    }
    noncurrent_version_expiration {
      noncurrent_days = var.output_noncurrent_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_notification" "input_pdfs" {
  bucket = aws_s3_bucket.this["input"].id
  queue {
    id            = "pdf-created"
    queue_arn     = aws_sqs_queue.intake.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".pdf"
  }
  depends_on = [aws_sqs_queue_policy.intake]
}
