# Generated secrets, kept in Secrets Manager and handed to the tasks by ECS (never in task definitions or images).
resource "random_password" "db" {
  length  = 32
  special = false
}

resource "random_password" "mq" {
  length  = 32
  special = false
}

resource "random_password" "api_key" {
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "database" {
  name                    = "${local.name}/database"
  description             = "Fleet's PostgreSQL password and Npgsql connection string"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id = aws_secretsmanager_secret.database.id
  secret_string = jsonencode({
    password         = random_password.db.result
    connectionString = "Host=${aws_db_instance.main.address};Port=5432;Username=fleet;Password=${random_password.db.result};Database=fleet;SSL Mode=Require"
  })
}

resource "aws_secretsmanager_secret" "broker" {
  name                    = "${local.name}/broker"
  description             = "Fleet's Amazon MQ (RabbitMQ) user password"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "broker" {
  secret_id     = aws_secretsmanager_secret.broker.id
  secret_string = jsonencode({ username = "fleet", password = random_password.mq.result })
}

# The API keys clients send as X-Api-Key (comma-separated). Add keys by putting a new secret value and restarting
# the api service.
resource "aws_secretsmanager_secret" "api_keys" {
  name                    = "${local.name}/api-keys"
  description             = "API keys accepted by Fleet's api (FLEET_API_KEY, comma-separated)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "api_keys" {
  secret_id     = aws_secretsmanager_secret.api_keys.id
  secret_string = jsonencode({ keys = random_password.api_key.result })
}
