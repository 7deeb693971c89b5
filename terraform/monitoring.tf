# Alarms to an SNS topic, and one CloudWatch dashboard: the chunk queue, workers, intake, the api and the database.
resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# A PDF notification nobody takes: the ingest listener is down or far behind.
resource "aws_cloudwatch_metric_alarm" "oldest_message_age" {
  alarm_name          = "${local.name}-oldest-message-age"
  alarm_description   = "The oldest PDF notification on the intake queue is older than ${var.oldest_message_alarm_minutes} minutes"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.intake.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.oldest_message_alarm_minutes * 60
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "intake_dlq_not_empty" {
  alarm_name          = "${local.name}-intake-dlq-not-empty"
  alarm_description   = "PDF notifications failed five receives and wait in the intake dead-letter queue"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.intake_dead_letters.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# A chunk that killed every worker it reached (delivery limit) fails its document; the dead letter stays for a look.
resource "aws_cloudwatch_metric_alarm" "chunk_dead_letters_not_empty" {
  alarm_name          = "${local.name}-chunk-dead-letters-not-empty"
  alarm_description   = "Page chunks were dead-lettered after the delivery limit (process-page-chunk-dead-letters)"
  namespace           = "AWS/AmazonMQ"
  metric_name         = "MessageCount"
  dimensions          = merge(local.chunk_queue, { Queue = "process-page-chunk-dead-letters" })
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# Scaling from zero failed (no GPU capacity, an image that does not start): chunks wait and no worker runs.
resource "aws_cloudwatch_metric_alarm" "no_workers" {
  alarm_name          = "${local.name}-no-workers-while-queued"
  alarm_description   = "Chunks have been queued for 10 minutes with no worker running"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 10
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  metric_query {
    id          = "starved"
    expression  = "IF(chunks > 0 AND FILL(workers, 0) < 1, 1, 0)"
    label       = "Chunks queued with no worker"
    return_data = true
  }
  metric_query {
    id = "chunks"
    metric {
      namespace   = "AWS/AmazonMQ"
      metric_name = "MessageCount"
      dimensions  = local.chunk_queue
      period      = 60
      stat        = "Maximum"
    }
  }
  metric_query {
    id = "workers"
    metric {
      namespace   = "ECS/ContainerInsights"
      metric_name = "RunningTaskCount"
      dimensions  = local.worker_tasks
      period      = 60
      stat        = "Average"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${local.name}-api-5xx"
  alarm_description   = "The api answered more than 10 server errors in 5 minutes"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.api.arn_suffix }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_dashboard" "fleet" {
  dashboard_name = local.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "Chunk queue (ready + unacknowledged) and dead letters"
          region = var.region
          stat   = "Maximum"
          period = 60
          metrics = [
            ["AWS/AmazonMQ", "MessageCount", "Broker", local.chunk_queue.Broker, "VirtualHost", "/", "Queue", "process-page-chunk"],
            ["AWS/AmazonMQ", "MessageUnacknowledgedCount", "Broker", local.chunk_queue.Broker, "VirtualHost", "/", "Queue", "process-page-chunk"],
            ["AWS/AmazonMQ", "MessageCount", "Broker", local.chunk_queue.Broker, "VirtualHost", "/", "Queue", "process-page-chunk-dead-letters"],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title  = "Workers (tasks) and GPU instances"
          region = var.region
          stat   = "Average"
          period = 60
          metrics = [
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", "worker"],
            ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", aws_autoscaling_group.gpu.name],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title  = "Intake queue: PDF notifications, oldest age (s), dead letters"
          region = var.region
          stat   = "Maximum"
          period = 60
          metrics = [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.intake.name],
            ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", aws_sqs_queue.intake.name, { yAxis = "right" }],
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.intake_dead_letters.name],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "API requests and errors; database CPU"
          region = var.region
          stat   = "Sum"
          period = 60
          metrics = [
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", aws_lb.api.arn_suffix],
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", aws_lb.api.arn_suffix],
            ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", aws_db_instance.main.identifier, { stat = "Average", yAxis = "right" }],
          ]
        }
      },
    ]
  })
}
