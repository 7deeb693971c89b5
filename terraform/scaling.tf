# Workers scale on the chunk queue (process-page-chunk): Amazon MQ's MessageCount is ready plus unacknowledged, so
# chunks being worked on count too. From zero to one when chunks wait and no worker runs; out while each worker
# has more than worker_chunks_per_task queued; in one at a time when the backlog is small; to zero after
# worker_idle_minutes of an empty queue. The GPU instances follow the tasks (capacity provider, gpu.tf).
resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.worker.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 0
  max_capacity       = var.worker_max_count
}

locals {
  chunk_queue = {
    Broker      = aws_mq_broker.main.broker_name
    VirtualHost = "/"
    Queue       = "process-page-chunk"
  }
  worker_tasks = {
    ClusterName = aws_ecs_cluster.main.name
    ServiceName = aws_ecs_service.worker.name
  }
}

resource "aws_appautoscaling_policy" "worker_from_zero" {
  name               = "worker-from-zero"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension
  policy_type        = "StepScaling"
  step_scaling_policy_configuration {
    adjustment_type = "ExactCapacity"
    cooldown        = 60
    step_adjustment {
      metric_interval_lower_bound = 0
      scaling_adjustment          = 1
    }
  }
}

resource "aws_appautoscaling_policy" "worker_out" {
  name               = "worker-out"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension
  policy_type        = "StepScaling"
  step_scaling_policy_configuration {
    adjustment_type = "ChangeInCapacity"
    cooldown        = 120
    step_adjustment {
      metric_interval_lower_bound = 0
      metric_interval_upper_bound = var.worker_chunks_per_task * 2
      scaling_adjustment          = 1
    }
    step_adjustment {
      metric_interval_lower_bound = var.worker_chunks_per_task * 2
      metric_interval_upper_bound = var.worker_chunks_per_task * 8
      scaling_adjustment          = 2
    }
    step_adjustment {
      metric_interval_lower_bound = var.worker_chunks_per_task * 8
      scaling_adjustment          = 4
    }
  }
}

resource "aws_appautoscaling_policy" "worker_in" {
  name               = "worker-in"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension
  policy_type        = "StepScaling"
  step_scaling_policy_configuration {
    adjustment_type = "ChangeInCapacity"
    cooldown        = 300
    step_adjustment {
      metric_interval_upper_bound = 0
      scaling_adjustment          = -1
    }
  }
}

resource "aws_appautoscaling_policy" "worker_to_zero" {
  name               = "worker-to-zero"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension
  policy_type        = "StepScaling"
  step_scaling_policy_configuration {
    adjustment_type = "ExactCapacity"
    cooldown        = 60
    step_adjustment {
      metric_interval_upper_bound = 0
      scaling_adjustment          = 0
    }
  }
}

# Chunks waiting and no worker running (one minute): start one.
resource "aws_cloudwatch_metric_alarm" "scale_worker_from_zero" {
  alarm_name          = "${local.name}-scale-worker-from-zero"
  alarm_description   = "Scaling: chunks are queued and no worker runs"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  evaluation_periods  = 1
  alarm_actions       = [aws_appautoscaling_policy.worker_from_zero.arn]
  metric_query {
    id          = "starved"
    expression  = "IF(chunks > 0 AND FILL(workers, 0) < 1, 1, 0)"
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

resource "aws_cloudwatch_metric_alarm" "scale_worker_out" {
  alarm_name          = "${local.name}-scale-worker-out"
  alarm_description   = "Scaling: more than worker_chunks_per_task chunks queued per worker"
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.worker_chunks_per_task
  evaluation_periods  = 2
  alarm_actions       = [aws_appautoscaling_policy.worker_out.arn]
  metric_query {
    id          = "backlog"
    expression  = "IF(FILL(workers, 0) < 1, chunks, chunks / FILL(workers, 0))"
    label       = "Queued chunks per running worker"
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

resource "aws_cloudwatch_metric_alarm" "scale_worker_in" {
  alarm_name          = "${local.name}-scale-worker-in"
  alarm_description   = "Scaling: under a quarter of worker_chunks_per_task chunks per worker for 10 minutes"
  comparison_operator = "LessThanThreshold"
  threshold           = max(1, floor(var.worker_chunks_per_task / 4))
  evaluation_periods  = 10
  alarm_actions       = [aws_appautoscaling_policy.worker_in.arn]
  metric_query {
    id          = "backlog"
    expression  = "IF(FILL(workers, 0) < 1, chunks, chunks / FILL(workers, 0))"
    label       = "Queued chunks per running worker"
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

resource "aws_cloudwatch_metric_alarm" "scale_worker_to_zero" {
  alarm_name          = "${local.name}-scale-worker-to-zero"
  alarm_description   = "Scaling: the chunk queue has been empty for worker_idle_minutes"
  namespace           = "AWS/AmazonMQ"
  metric_name         = "MessageCount"
  dimensions          = local.chunk_queue
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = var.worker_idle_minutes
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_appautoscaling_policy.worker_to_zero.arn]
}
