using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Storage.S3;
using Fleet.Ingest.Api.BucketDrop;
using Fleet.IntegrationTests.Fleet;
using Fleet.IntegrationTests.Storage;
using Fleet.Tests.Support;
using Npgsql;

namespace Fleet.IntegrationTests.BucketDrop;

/// <summary>
/// The bucket drop end to end on real processes and servers: PDFs put in s3rver and announced on an SQS queue (the
/// SQS server of ./fleet services) as S3 announces them, a <c>fleet serve --role ingest</c> process reading the
/// queue, and a <c>fleet serve --role api,orchestrator,worker</c> process doing the batches, on RabbitMQ, PostgreSQL
/// and S3. Each test has its own queue and prefix; the fixture has its own virtual host and buckets.
/// </summary>
[NonParallelizable]
public sealed class BucketDropTests
{
    private readonly List<FleetProcess> _processes = [];
    private readonly Dictionary<string, string> _settings = new();
    private string _virtualHost = "";
    private string _input = "", _output = "";
    private S3ObjectStore _store = null!;
    private AmazonS3Client _s3 = null!;
    private AmazonSQSClient _sqs = null!;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public async Task StartFleet()
    {
        _virtualHost = $"fleet-drop-{Guid.NewGuid():N}"[..24];
        await RabbitMqManagement.CreateVirtualHost(_virtualHost);
        _input = await S3Server.CreateBucket("drop-in");
        _output = await S3Server.CreateBucket("drop-out");
        _settings["Fleet__Bus__RabbitMq__VirtualHost"] = _virtualHost;
        _settings["Fleet__Database__Kind"] = "Postgres";
        _settings["Fleet__Storage__Kind"] = "S3";
        _settings["Fleet__Api__ReadinessBucket"] = _input;
        _store = S3Server.Store(S3Server.Options());
        _s3 = S3ClientBuilder.Build(S3Server.Options());
        _sqs = SqsClientBuilder.Build(new SqsQueueOptions { ServiceUrl = FleetServices.Environment[FleetServices.SqsServiceUrl] });

        var fleet = await FleetProcess.StartAsync("drop-fleet", "api,orchestrator,worker", _settings);
        _processes.Add(fleet);
        _api = new HttpClient { BaseAddress = fleet.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    [OneTimeTearDown]
    public async Task StopFleet()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        _api?.Dispose();
        _sqs?.Dispose();
        _s3?.Dispose();
        await RabbitMqManagement.DeleteVirtualHost(_virtualHost);
    }

    [Test]
    public async Task New_pdfs_announced_on_the_queue_become_batches_of_at_most_max_keys_and_every_message_is_deleted()
    {
        var queue = await NewQueue();
        var tag = $"drop-{Guid.NewGuid():N}"[..20];
        var pdfs = new Dictionary<string, string>
        {
            ["drop/first.pdf"] = "The first dropped invoice.",
            ["drop/Q1 report.pdf"] = "Quarterly figures dropped in.",
            ["drop/sub/third.pdf"] = "A third one, in a sub-folder.",
        };
        foreach (var (key, text) in pdfs)
            await PutAndAnnounce(queue, key, TestPdfs.BornDigital([text]));
        // What else reaches such a queue: S3's test event, a file that is no PDF, a PDF no rule is for, a notification twice.
        await _sqs.SendMessageAsync(queue, S3Events.TestEvent(_input));
        await PutAndAnnounce(queue, "drop/notes.txt", "not a pdf"u8.ToArray());
        await PutAndAnnounce(queue, "elsewhere/ignored.pdf", TestPdfs.BornDigital(["Nobody asked for this one."]));
        await Announce(queue, "drop/first.pdf");

        await using var ingest = await StartIngest("drop-ingest", queue, "drop/", tag, new() { ["Fleet__BucketDrop__Rules__0__MaxKeys"] = "2" });
        var batches = await WaitForBatches(tag, pdfs.Count, queue, ingest);

        var manifests = await Task.WhenAll(batches.Select(b => Manifest(b.GetProperty("batchId").GetGuid(), "drop/")));
        var keys = manifests.SelectMany(m => m.Documents).Select(d => d.Key).ToList();
        Assert.That(keys, Is.EquivalentTo(pdfs.Keys), "every PDF of the rule's prefix, each in one batch only");
        Assert.That(manifests.Select(m => m.Documents.Count), Has.All.LessThanOrEqualTo(2));
        Assert.That(manifests.SelectMany(m => m.Documents).Select(d => d.Status), Has.All.EqualTo(DocumentStatus.Succeeded));
        Assert.That(await Text("drop/Q1 report.txt"), Does.Contain("Quarterly figures dropped in."));
        Assert.That(await Text("drop/sub/third.txt"), Does.Contain("A third one, in a sub-folder."));
        Assert.That(await _store.FindAsync(_output, "elsewhere/ignored.txt"), Is.Null);
        Assert.That(await Waiting(queue), Is.Zero, "the test event, the text file and the PDF of no rule are deleted too");
    }

    [Test]
    public async Task A_listener_killed_between_submitting_a_batch_and_deleting_its_messages_loses_no_event_and_makes_no_second_batch()
    {
        var queue = await NewQueue();
        var tag = $"crash-{Guid.NewGuid():N}"[..20];
        var keys = new[] { "crash/a.pdf", "crash/b.pdf", "crash/c.pdf" };
        foreach (var key in keys)
            await PutAndAnnounce(queue, key, TestPdfs.BornDigital([$"Dropped before the crash: {Path.GetFileNameWithoutExtension(key)}."]));

        var doomed = await StartIngest("drop-ingest-doomed", queue, "crash/", tag,
            new() { ["Fleet__BucketDrop__CrashBeforeDeleteOnKeyContaining"] = "crash/" });
        await using (doomed)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (!doomed.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            Assert.That(doomed.HasExited, Is.True, $"the crash switch did not end the listener:\n{doomed.Tail()}");
        }
        Assert.That(await Waiting(queue), Is.EqualTo(keys.Length), "the killed listener deleted none of the messages");

        // The messages reappear when their hiding ends (10 s here); the next listener finds their batch submitted.
        // It gathers them otherwise (two keys a batch), so only the ledger can tell they were submitted already.
        await using var next = await StartIngest("drop-ingest-next", queue, "crash/", tag, new() { ["Fleet__BucketDrop__Rules__0__MaxKeys"] = "2" });
        var batches = await WaitForBatches(tag, keys.Length, queue, next);

        Assert.That(batches, Has.Count.EqualTo(1), "one batch, although its notifications were received twice");
        var manifest = await Manifest(batches[0].GetProperty("batchId").GetGuid(), "crash/");
        Assert.That(manifest.Documents.Select(d => d.Key), Is.EquivalentTo(keys));
        Assert.That(manifest.Documents.Select(d => d.Status), Has.All.EqualTo(DocumentStatus.Succeeded));
        Assert.That(await Text("crash/b.txt"), Does.Contain("Dropped before the crash: b."));
        await using var connection = new NpgsqlConnection(FleetServices.Environment["Fleet__Database__ConnectionString"]);
        await connection.OpenAsync();
        await using var ledger = new NpgsqlCommand(
            "select count(*)::int, count(distinct batch_id)::int, bool_and(submitted) from fleet.bucket_drop_events where bucket = @bucket and key like 'crash/%'", connection);
        ledger.Parameters.AddWithValue("bucket", _input);
        await using var row = await ledger.ExecuteReaderAsync();
        Assert.That(await row.ReadAsync(), Is.True);
        Assert.That((row.GetInt32(0), row.GetInt32(1), row.GetBoolean(2)), Is.EqualTo((keys.Length, 1, true)));
    }

    private async Task<string> NewQueue() =>
        (await _sqs.CreateQueueAsync(new CreateQueueRequest($"fleet-test-drop-{Guid.NewGuid():N}"[..40]))).QueueUrl;

    private async Task PutAndAnnounce(string queue, string key, byte[] content)
    {
        await _store.WriteAsync(_input, key, content, key.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "text/plain");
        await Announce(queue, key);
    }

    private async Task Announce(string queue, string key)
    {
        var head = await _s3.GetObjectMetadataAsync(_input, key);
        await _sqs.SendMessageAsync(queue, S3Events.ObjectCreated(_input, key, head.ETag.Trim('"'), head.ContentLength));
    }

    private async Task<FleetProcess> StartIngest(string name, string queue, string prefix, string tag, Dictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>(_settings)
        {
            ["Fleet__BucketDrop__Sqs__QueueUrl"] = queue,
            ["Fleet__BucketDrop__Sqs__VisibilityTimeout"] = "00:00:10",
            // local-aws-sqs answers a long poll only with 10 messages or at its end.
            ["Fleet__BucketDrop__Sqs__WaitTimeSeconds"] = "1",
            ["Fleet__BucketDrop__Window"] = "00:00:02",
            ["Fleet__BucketDrop__Rules__0__Bucket"] = _input,
            ["Fleet__BucketDrop__Rules__0__Prefix"] = prefix,
            ["Fleet__BucketDrop__Rules__0__OutputBucket"] = _output,
            ["Fleet__BucketDrop__Rules__0__OutputPrefix"] = prefix,
            ["Fleet__BucketDrop__Rules__0__Tag"] = tag,
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        // The caller disposes it (kills it if it still runs) when its test ends.
        return await FleetProcess.StartAsync(name, "ingest", settings);
    }

    /// <summary>Polls the tagged batches until they hold <paramref name="documents"/> documents, all have ended, and the queue is empty.</summary>
    private async Task<List<JsonElement>> WaitForBatches(string tag, int documents, string queue, FleetProcess ingest)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        List<JsonElement> batches = [];
        while (DateTime.UtcNow < deadline)
        {
            var page = await _api.GetFromJsonAsync<JsonElement>($"/batches?tag={tag}&limit=100");
            batches = page.GetProperty("items").EnumerateArray().ToList();
            if (batches.Sum(b => b.GetProperty("documents").GetInt32()) >= documents &&
                batches.All(b => b.GetProperty("state").GetString() is "Completed" or "Failed" or "Rejected") && await Waiting(queue) == 0)
                return batches;
            await Task.Delay(500);
        }
        Assert.Fail($"the batches tagged {tag} did not complete with {documents} documents and an empty queue: {JsonSerializer.Serialize(batches)}\n" +
                    $"--- {ingest.Name} ---\n{ingest.Tail()}\n--- {_processes[0].Name} ---\n{_processes[0].Tail(20)}");
        return batches;
    }

    /// <summary>Messages on the queue, visible or hidden (local-aws-sqs counts both in ApproximateNumberOfMessages; AWS only the visible).</summary>
    private async Task<int> Waiting(string queue)
    {
        var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queue, AttributeNames = ["ApproximateNumberOfMessages"] });
        return int.Parse(attributes.Attributes["ApproximateNumberOfMessages"], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The manifest of a completed batch whose rule writes under <paramref name="outputPrefix"/>.</summary>
    private async Task<Manifest> Manifest(Guid batchId, string outputPrefix)
    {
        var status = await _api.GetFromJsonAsync<JsonElement>($"/batches/{batchId}");
        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"), status.ToString());
        return ResultJson.Deserialize<Manifest>(await _store.ReadAllBytesAsync(_output, RunKeys.Manifest(outputPrefix, batchId)));
    }

    private async Task<string> Text(string key) => System.Text.Encoding.UTF8.GetString(await _store.ReadAllBytesAsync(_output, key));
}
