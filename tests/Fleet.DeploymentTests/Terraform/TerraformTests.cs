using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fleet.DeploymentTests.Support;
using Fleet.Infrastructure.Messaging;

namespace Fleet.DeploymentTests.Terraform;

/// <summary>What matters in terraform/, asserted on the parsed HCL (no terraform binary or AWS account here).</summary>
public sealed class TerraformTests
{
    private JsonObject tf = null!;

    [OneTimeSetUp]
    public async Task Parse() => tf = await TerraformFiles.Load();

    [Test]
    public void Every_tf_file_parses()
    {
        var files = Directory.GetFiles(Repo.Path("terraform"), "*.tf").Select(Path.GetFileName);
        Assert.That(tf.Select(f => f.Key), Is.EquivalentTo(files));
    }

    [Test]
    public void Every_bucket_blocks_public_access_and_is_encrypted()
    {
        var buckets = tf.Blocks("resource", "aws_s3_bucket").Select(b => b.Name).ToList();
        Assert.That(buckets, Is.Not.Empty);
        foreach (var bucket in buckets)
        {
            var blocks = Covering(tf.Blocks("resource", "aws_s3_bucket_public_access_block"), bucket).ToList();
            Assert.That(blocks, Is.Not.Empty, $"{bucket}: no public access block");
            foreach (var setting in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
                Assert.That(blocks.Any(b => b[setting]?.GetValue<bool>() == true), $"{bucket}: {setting}");
            Assert.That(Covering(tf.Blocks("resource", "aws_s3_bucket_server_side_encryption_configuration"), bucket), Is.Not.Empty,
                $"{bucket}: no default encryption");
        }
    }

    [Test]
    public void The_output_bucket_is_versioned_and_both_have_lifecycle_rules()
    {
        var versioning = tf.Blocks("resource", "aws_s3_bucket_versioning").Select(b => b.Body).ToList();
        Assert.That(versioning.Any(v => v["bucket"]!.ToString().Contains("\"output\"") &&
                                        v.Nested("versioning_configuration").Single()["status"]!.ToString() == "Enabled"));
        var lifecycles = tf.Blocks("resource", "aws_s3_bucket_lifecycle_configuration").Select(b => b.Body["bucket"]!.ToString()).ToList();
        Assert.That(lifecycles, Has.Some.Contains("\"input\"").And.Some.Contains("\"output\""));
    }

    [Test]
    public void Pdf_notifications_go_to_a_queue_that_has_a_dead_letter_queue()
    {
        var notification = tf.Blocks("resource", "aws_s3_bucket_notification").Single().Body;
        var target = notification.Nested("queue").Single();
        Assert.That(target["events"]!.AsArray().Select(e => e!.ToString()), Has.Some.StartsWith("s3:ObjectCreated:"));
        Assert.That(target["filter_suffix"]!.ToString(), Is.EqualTo(".pdf"));
        var queue = Reference(target["queue_arn"]!.ToString(), "aws_sqs_queue");
        var queues = tf.Blocks("resource", "aws_sqs_queue").ToDictionary(q => q.Name, q => q.Body);
        Assert.That(queues, Contains.Key(queue));

        var redrive = queues[queue]["redrive_policy"]!.ToString();
        var deadLetters = Reference(Regex.Match(redrive, @"deadLetterTargetArn\s*=\s*(\S+)").Groups[1].Value, "aws_sqs_queue");
        Assert.That(queues, Contains.Key(deadLetters));
        Assert.That(redrive, Does.Match(@"maxReceiveCount\s*=\s*\d+"));

        var queuePolicy = tf.Blocks("resource", "aws_sqs_queue_policy").Single(p => p.Body["queue_url"]!.ToString().Contains($"aws_sqs_queue.{queue}.")).Body;
        Assert.That(queuePolicy["policy"]!.ToString(), Does.Contain("s3.amazonaws.com").And.Contain("sqs:SendMessage").And.Contain("aws:SourceArn"));
    }

    [Test]
    public void The_alarms_watch_oldest_message_age_dead_letters_and_a_queue_without_workers()
    {
        var alarms = tf.Blocks("resource", "aws_cloudwatch_metric_alarm").Select(a => a.Body).ToList();
        var notifying = alarms.Where(a => a["alarm_actions"]!.ToString().Contains("aws_sns_topic.")).ToList();

        Assert.That(notifying.Any(a => a["metric_name"]?.ToString() == "ApproximateAgeOfOldestMessage"), "oldest message age");
        Assert.That(notifying.Any(a => a["metric_name"]?.ToString() == "ApproximateNumberOfMessagesVisible" &&
                                       a["dimensions"]!.ToString().Contains("intake_dead_letters")), "intake DLQ not empty");
        Assert.That(notifying.Any(a => a["dimensions"]?.ToString().Contains(ChunkQueue.DeadLetterQueue) == true), "chunk dead letters");
        Assert.That(notifying.Any(a =>
        {
            var queries = a.Nested("metric_query").ToList();
            var metrics = queries.SelectMany(q => q.Nested("metric")).Select(m => m["metric_name"]!.ToString()).ToList();
            return queries.Any(q => q["expression"]?.ToString().Contains("IF(") == true) &&
                   metrics.Contains("MessageCount") && metrics.Contains("RunningTaskCount");
        }), "chunks queued with no worker running");
    }

    [Test]
    public void No_iam_statement_allows_every_action_on_every_resource()
    {
        var statements = tf.Blocks("data", "aws_iam_policy_document").SelectMany(d => d.Body.Nested("statement")).ToList();
        Assert.That(statements, Is.Not.Empty);
        foreach (var statement in statements.Where(s => s["effect"]?.ToString() != "Deny"))
        {
            var actions = statement["actions"]?.AsArray().Select(a => a!.ToString()).ToList() ?? [];
            var resources = statement["resources"]?.AsArray().Select(r => r!.ToString()).ToList() ?? [];
            Assert.That(actions, Has.None.EqualTo("*"), statement.ToJsonString());
            Assert.That(actions.Any(a => a.EndsWith(":*")) && resources.Contains("*"), Is.False, statement.ToJsonString());
        }

        // Identity policies are all policy documents (checked above); inline jsonencode policies are resource policies.
        var documents = tf.Locals().Select(l => l["task_policies"]).OfType<JsonObject>().Single();
        Assert.That(documents.Select(d => d.Value!.ToString()), Has.All.Match(@"^\$\{data\.aws_iam_policy_document\.\w+\.json\}$"));
        foreach (var (name, body) in tf.Blocks("resource", "aws_iam_role_policy").Concat(tf.Blocks("resource", "aws_iam_policy")))
        {
            var policy = body["for_each"]?.ToString() == "${local.task_policies}" && body["policy"]!.ToString() == "${each.value}"
                ? "task_policies" : body["policy"]!.ToString();
            Assert.That(policy, Does.Contain("data.aws_iam_policy_document.").Or.EqualTo("task_policies"), name);
        }
        foreach (var policy in AllStrings(tf).Where(s => s.Contains("jsonencode(") && s.Contains("Statement")))
        {
            Assert.That(policy, Does.Not.Match(@"Action\s*=\s*""\*"""), policy);
            Assert.That(policy, Does.Not.Match(@"Effect\s*=\s*""Allow""[^}]*Principal\s*=\s*""\*"""), policy);
        }
    }

    [Test]
    public void Each_role_runs_with_its_own_task_role()
    {
        var taskRoles = tf.Blocks("resource", "aws_ecs_task_definition").ToDictionary(t => t.Name, t => t.Body["task_role_arn"]!.ToString());
        Assert.That(taskRoles.Keys, Is.EquivalentTo(new[] { "api", "orchestrator", "worker" }));
        Assert.That(taskRoles.Values.Distinct().Count(), Is.EqualTo(3), string.Join(", ", taskRoles.Values));
    }

    [Test]
    public void Passwords_and_api_keys_reach_the_tasks_from_secrets_manager()
    {
        var definitions = tf.Blocks("resource", "aws_ecs_task_definition").Select(t => t.Body["container_definitions"]!.ToString()).ToList();
        var locals = string.Join('\n', tf.Locals().Select(l => l.ToJsonString()));
        Assert.That(locals, Does.Match(@"Fleet__Bus__RabbitMq__Password[^}]*valueFrom[^}]*aws_secretsmanager_secret\."));
        Assert.That(locals, Does.Match(@"Fleet__Database__ConnectionString[^}]*valueFrom[^}]*aws_secretsmanager_secret\."));
        Assert.That(definitions, Has.Some.Match(@"FLEET_API_KEY[^}]*valueFrom[^}]*aws_secretsmanager_secret\."));
        Assert.That(tf.Blocks("resource", "aws_db_instance").Single().Body["password"]!.ToString(), Does.StartWith("${random_password."));
    }

    [Test]
    public void Every_fleet_setting_the_tasks_get_is_a_setting_of_fleets_options()
    {
        var keys = Regex.Matches(tf.ToJsonString(), @"Fleet__[A-Za-z0-9_]+").Select(m => m.Value).Distinct().ToList();
        Assert.That(keys, Has.Count.GreaterThan(10));
        Assert.That(keys.Select(FleetSettings.Problem).OfType<string>(), Is.Empty);
    }

    [Test]
    public void The_broker_and_the_database_live_in_private_subnets()
    {
        var broker = tf.Blocks("resource", "aws_mq_broker").Single().Body;
        Assert.That(broker["engine_type"]!.ToString(), Is.EqualTo("RabbitMQ"));
        Assert.That(broker["publicly_accessible"]!.GetValue<bool>(), Is.False);
        Assert.That(broker["subnet_ids"]!.ToString(), Does.Contain("aws_subnet.private").And.Not.Contain("aws_subnet.public"));
        var database = tf.Blocks("resource", "aws_db_instance").Single().Body;
        Assert.That(database["publicly_accessible"]!.GetValue<bool>(), Is.False);
        Assert.That(database["storage_encrypted"]!.GetValue<bool>(), Is.True);
        Assert.That(tf.Blocks("resource", "aws_db_subnet_group").Single().Body["subnet_ids"]!.ToString(), Does.Contain("aws_subnet.private"));
    }

    [Test]
    public void Gpu_workers_scale_on_the_chunk_queue_down_to_zero_with_spot_as_an_option()
    {
        Assert.That(tf.Blocks("resource", "aws_appautoscaling_target").Single().Body["min_capacity"]!.GetValue<int>(), Is.Zero);
        var group = tf.Blocks("resource", "aws_autoscaling_group").Single().Body;
        Assert.That(group["min_size"]!.GetValue<int>(), Is.Zero);
        Assert.That(group.ToJsonString(), Does.Contain("var.worker_spot"));
        var instanceTypes = tf.Named("variable").Single(v => v.Name == "worker_instance_types").Body["default"]!.AsArray().Select(t => t!.ToString());
        Assert.That(instanceTypes, Has.All.Match(@"^(g5|g4dn|g6)\."));
        var worker = tf.Blocks("resource", "aws_ecs_task_definition").Single(t => t.Name == "worker").Body["container_definitions"]!.ToString();
        Assert.That(worker, Does.Match(@"type\s*=\s*""GPU"""));

        var scalingAlarms = tf.Blocks("resource", "aws_cloudwatch_metric_alarm").Select(a => a.Body)
            .Where(a => a["alarm_actions"]!.ToString().Contains("aws_appautoscaling_policy.")).ToList();
        Assert.That(scalingAlarms, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(scalingAlarms.All(a => a.ToJsonString().Contains("local.chunk_queue")), "every scaling alarm reads the chunk queue");
        var queue = tf.Locals().Select(l => l["chunk_queue"]).OfType<JsonNode>().Single();
        Assert.That(queue["Queue"]!.ToString(), Is.EqualTo(ChunkQueue.Name));
        var toZero = tf.Blocks("resource", "aws_appautoscaling_policy").Single(p => p.Name == "worker_to_zero").Body.ToJsonString();
        Assert.That(toZero, Does.Contain("ExactCapacity").And.Match(@"""scaling_adjustment"":0"));
    }

    [Test]
    public void The_api_is_served_over_tls_and_http_redirects()
    {
        var listeners = tf.Blocks("resource", "aws_lb_listener").Select(l => l.Body).ToList();
        var https = listeners.Single(l => l["protocol"]!.ToString() == "HTTPS");
        Assert.That(https["port"]!.GetValue<int>(), Is.EqualTo(443));
        Assert.That(https["certificate_arn"]!.ToString(), Is.EqualTo("${var.certificate_arn}"));
        var http = listeners.Single(l => l["protocol"]!.ToString() == "HTTP");
        Assert.That(http.Nested("default_action").Single()["type"]!.ToString(), Is.EqualTo("redirect"));
        var health = tf.Blocks("resource", "aws_lb_target_group").Single().Body.Nested("health_check").Single();
        Assert.That(health["path"]!.ToString(), Is.EqualTo("/health/ready"));
    }

    [Test]
    public void Every_variable_is_described_and_those_without_a_default_are_in_the_example_tfvars()
    {
        var example = Repo.Read("terraform", "terraform.tfvars.example");
        foreach (var (name, body) in tf.Named("variable"))
        {
            Assert.That(body["description"]?.ToString(), Is.Not.Null.And.Not.Empty, name);
            if (!body.ContainsKey("default"))
                Assert.That(example, Does.Match($@"(?m)^{name}\s*="), $"{name} has no default and no example value");
        }
    }

    [Test]
    public void Outputs_name_the_url_and_the_buckets()
    {
        var outputs = tf.Named("output").ToDictionary(o => o.Name, o => o.Body);
        Assert.That(outputs.Keys, Is.SupersetOf(new[] { "api_url", "input_bucket", "output_bucket" }));
        Assert.That(outputs.Values.Select(o => o["description"]?.ToString()), Has.None.Null);
    }

    /// <summary>Blocks that apply to bucket <paramref name="name"/>: by for_each over it, or by naming it.</summary>
    private static IEnumerable<JsonObject> Covering(IEnumerable<(string Name, JsonObject Body)> blocks, string name) =>
        blocks.Select(b => b.Body).Where(b => b["for_each"]?.ToString() == $"${{aws_s3_bucket.{name}}}" ||
                                              b["bucket"]?.ToString().Contains($"aws_s3_bucket.{name}.") == true ||
                                              b["bucket"]?.ToString().Contains($"aws_s3_bucket.{name}[") == true);

    /// <summary>"${aws_sqs_queue.intake.arn}" → "intake".</summary>
    private static string Reference(string expression, string type)
    {
        var match = Regex.Match(expression, $@"{type}\.([A-Za-z0-9_-]+)");
        Assert.That(match.Success, $"{expression} does not reference a {type}");
        return match.Groups[1].Value;
    }

    private static IEnumerable<string> AllStrings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => AllStrings(p.Value)),
        JsonArray a => a.SelectMany(AllStrings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
