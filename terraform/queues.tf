# The intake queue: S3 ObjectCreated events for .pdf keys, read by Fleet's ingest listener, which groups them into
# batches. Events that fail five receives land in the dead-letter queue (alarmed in monitoring.tf).
resource "aws_sqs_queue" "intake_dead_letters" {
  name                      = "${local.name}-intake-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "intake" {
  name                       = "${local.name}-intake"
  visibility_timeout_seconds = 300
  message_retention_seconds  = 1209600
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.intake_dead_letters.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "intake_dead_letters" {
  queue_url = aws_sqs_queue.intake_dead_letters.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.intake.arn]
  })
}

# Only the input bucket, in this account, may send to the intake queue.
resource "aws_sqs_queue_policy" "intake" {
  queue_url = aws_sqs_queue.intake.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "InputBucketNotifications"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.intake.arn
      Condition = {
        ArnEquals    = { "aws:SourceArn" = aws_s3_bucket.this["input"].arn }
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
      }
    }]
  })
}
