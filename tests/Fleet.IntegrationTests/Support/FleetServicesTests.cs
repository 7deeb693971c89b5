using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Fleet.Ingest.Api.BucketDrop;
using Npgsql;

namespace Fleet.IntegrationTests;

/// <summary>What <c>./fleet services up</c> promises: each server answers as fleet, and a restart comes back.</summary>
[TestFixture]
public sealed class FleetServicesTests
{
    static string Setting(string name) => FleetServices.Environment[name];

    static NpgsqlConnection OpenDatabase()
    {
        // No pooling: after a restart a pooled connection would be a dead one, which is not what these tests ask about.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Setting("Fleet__Database__ConnectionString"))
            { Pooling = false, Timeout = 10 }.ConnectionString);
        connection.Open();
        return connection;
    }

    [Test]
    public async Task RabbitMq_answers_its_management_api_as_fleet_and_listens_for_amqp_on_the_exported_port()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Setting("Fleet__Bus__RabbitMq__ManagementUrl")) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes(
                $"{Setting("Fleet__Bus__RabbitMq__Username")}:{Setting("Fleet__Bus__RabbitMq__Password")}")));

        using var response = await http.GetAsync("api/overview");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var overview = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var amqpPorts = overview.RootElement.GetProperty("listeners").EnumerateArray()
            .Where(l => l.GetProperty("protocol").GetString() == "amqp")
            .Select(l => l.GetProperty("port").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(amqpPorts, Does.Contain(Setting("Fleet__Bus__RabbitMq__Port")));

        using var whoami = await http.GetAsync("api/whoami");
        Assert.That(await whoami.Content.ReadAsStringAsync(), Does.Contain("administrator"));
    }

    [Test]
    public void PostgreSql_answers_as_fleet_in_the_database_fleet()
    {
        using var connection = OpenDatabase();
        using var command = new NpgsqlCommand("select current_user || '@' || current_database(), 1", connection);
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        Assert.That(reader.GetString(0), Is.EqualTo("fleet@fleet"));
        Assert.That(reader.GetInt32(1), Is.EqualTo(1));
    }

    [Test]
    public async Task The_s3_server_lists_a_bucket_it_was_asked_to_create()
    {
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(Setting("AWS_ACCESS_KEY_ID"), Setting("AWS_SECRET_ACCESS_KEY")),
            new AmazonS3Config
            {
                ServiceURL = Setting("Fleet__Storage__S3__ServiceUrl"),
                ForcePathStyle = true,
                AuthenticationRegion = Setting("AWS_REGION"),
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        var bucket = $"services-smoke-{Guid.NewGuid():N}"[..40];

        await s3.PutBucketAsync(bucket);
        try
        {
            var buckets = await s3.ListBucketsAsync();
            Assert.That(buckets.Buckets.Select(b => b.BucketName), Does.Contain(bucket));
        }
        finally
        {
            await s3.DeleteBucketAsync(bucket);
        }
    }

    [Test]
    public async Task The_sqs_server_holds_the_drop_queue_and_a_message_goes_round_a_queue_of_its_own()
    {
        using var sqs = SqsClientBuilder.Build(new SqsQueueOptions { ServiceUrl = Setting(FleetServices.SqsServiceUrl), QueueUrl = Setting("Fleet__BucketDrop__Sqs__QueueUrl") });
        var drop = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = Setting("Fleet__BucketDrop__Sqs__QueueUrl"), AttributeNames = ["RedrivePolicy"] });
        Assert.That(drop.Attributes["RedrivePolicy"], Does.Contain("fleet-drop-dlq"));

        var queue = (await sqs.CreateQueueAsync($"services-smoke-{Guid.NewGuid():N}")).QueueUrl;
        try
        {
            // Nothing there: this server answers an empty body, which the client reads as no messages.
            var empty = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, WaitTimeSeconds = 1 });
            await sqs.SendMessageAsync(queue, "hello");
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, WaitTimeSeconds = 5 });
            Assert.That(empty.Messages ?? [], Is.Empty);
            Assert.That(received.Messages.Select(m => m.Body), Is.EqualTo(new[] { "hello" }));
            await sqs.DeleteMessageAsync(queue, received.Messages[0].ReceiptHandle);
        }
        finally
        {
            await sqs.DeleteQueueAsync(queue);
        }
    }

    [Test]
    public void A_restarted_postgresql_answers_again_as_a_new_server()
    {
        DateTime StartedAt()
        {
            using var connection = OpenDatabase();
            using var command = new NpgsqlCommand("select pg_postmaster_start_time()", connection);
            return ((DateTime)command.ExecuteScalar()!).ToUniversalTime();
        }
        var before = StartedAt();

        FleetServices.Restart("postgres");

        Assert.That(StartedAt(), Is.GreaterThan(before));
    }
}
