using System.Net.Http.Json;
using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.IntegrationTests.Fleet;

/// <summary>
/// The fleet as operators run it: separate api, orchestrator and worker processes on RabbitMQ, PostgreSQL and S3, and
/// what happens when one of them, or a server, goes away mid-batch. Every batch must end with every page exactly once.
/// </summary>
[NonParallelizable]
public sealed class FleetTests : FleetCluster
{
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(4);

    [Test]
    public async Task A_mixed_batch_through_separate_processes_lands_in_the_output_bucket()
    {
        await Put("mixed/report.pdf", TestPdfs.BornDigital(["Quarterly report, page one."], ["Revenue rose by four percent."]));
        await Put("mixed/scan.pdf", TestPdfs.Scanned(200, ["Invoice 2024-117, due in March."]));
        await Put("mixed/scan.PDF", TestPdfs.BornDigital(["Same name, other case."]));
        await Put("mixed/broken.pdf", TestPdfs.Truncated());
        await Put("mixed/notes.pdf", TestPdfs.NotAPdf());

        var batchId = await Submit("mixed/");
        var status = await WaitForEnd(batchId, BatchTimeout);

        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"));
        var manifest = await ReadManifest("mixed/", batchId);
        Assert.That(manifest.Totals.Documents, Is.EqualTo(5));
        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(3));
        Assert.That(manifest.Totals.Failed, Is.EqualTo(2));
        Assert.That(manifest.Totals.Pages.Total, Is.EqualTo(4));
        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["mixed/broken.pdf"].Reason, Does.Contain("damaged"));
        Assert.That(await ReadText("mixed/report.txt"), Does.Contain("Quarterly report, page one.").And.Contain("Revenue rose by four percent."));
        // scan.pdf and scan.PDF would both be "scan": each gets outputs of its own, and the manifest says which.
        var outputs = manifest.Documents.SelectMany(d => d.Outputs.Select(o => o.Key)).ToList();
        Assert.That(outputs, Is.Unique);
        Assert.That(await ReadText(TextOutput(byKey["mixed/scan.pdf"])), Does.Contain("Invoice 2024-117"));
        Assert.That(await ReadText(TextOutput(byKey["mixed/scan.PDF"])), Does.Contain("Same name, other case."));
    }

    [Test]
    public async Task Images_and_an_encrypted_pdf_with_its_password_go_through_separate_processes_and_the_password_stays_out_of_the_database()
    {
        const string password = "fleet-integration-secret-31";
        using var faxOne = TestImages.Page(["Fax page one through the fleet."], 200);
        using var faxTwo = TestImages.Page(["Fax page two, the last one."], 200);
        using var note = TestImages.Page(["A photographed note, sideways."], 200);
        using var sideways = TestImages.StoredForOrientation6(note);
        await Put("media/fax.tif", TestImages.TiffG4([faxOne, faxTwo], 200));
        await Put("media/note.jpg", TestImages.Jpeg(sideways, orientation: 6, dpi: 200));
        await Put("media/sealed.pdf", QpdfEncryption.Encrypt(TestPdfs.BornDigital(["Sealed minutes of the board meeting."]), password));

        using var response = await Api.PostAsJsonAsync("/batches", new
        {
            inputBucket = InputBucket, inputPrefix = "media/", outputBucket = OutputBucket, outputPrefix = "media/",
            passwords = new Dictionary<string, string> { ["media/sealed.pdf"] = password },
        });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var batchId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("batchId").GetGuid();
        var status = await WaitForEnd(batchId, BatchTimeout);

        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"));
        var manifest = await ReadManifest("media/", batchId);
        Assert.That(manifest.Documents.Where(d => d.Status != DocumentStatus.Succeeded).Select(d => $"{d.Key}: {d.Reason}"), Is.Empty);
        Assert.That(manifest.Totals.Pages, Is.EqualTo(new PageCounts(4, 1, 3, 0)));
        Assert.That(await ReadText("media/fax.txt"), Does.Contain("Fax page one").And.Contain("the last one"));
        Assert.That(await ReadText("media/note.txt"), Does.Contain("photographed note"));
        Assert.That(await ReadText("media/sealed.txt"), Does.Contain("Sealed minutes of the board meeting."));

        await using var database = Npgsql.NpgsqlDataSource.Create(Batches.TestDbSession.ConnectionString);
        await using var leaks = database.CreateCommand("""
            SELECT (SELECT count(*) FROM fleet.saga_instances WHERE data::text LIKE @like)
                 + (SELECT count(*) FROM fleet.outbox_messages WHERE body LIKE @like)
                 + (SELECT count(*) FROM fleet.batch_documents WHERE entry::text LIKE @like)
                 + (SELECT count(*) FROM fleet.batch_passwords WHERE batch_id = @batch)
            """);
        leaks.Parameters.AddWithValue("like", $"%{password}%");
        leaks.Parameters.AddWithValue("batch", batchId);
        // The batch's passwords are deleted when its end is consumed, which may come just after its status says so.
        var found = await leaks.ExecuteScalarAsync();
        for (var attempt = 0; !Equals(found, 0L) && attempt < 50; attempt++)
        {
            await Task.Delay(200);
            found = await leaks.ExecuteScalarAsync();
        }
        Assert.That(found, Is.Zero, "no saga row, outbox message or ledger entry holds it, and it is deleted once the batch ended");
    }

    [Test]
    public Task A_worker_killed_mid_chunk_loses_nothing_and_repeats_no_page() =>
        RunThrough("worker-kill/", documents: 6, async () =>
        {
            // Once it has a chunk in hand, kill a worker without warning and start a replacement.
            var worker = Running("worker-1").Single();
            await WaitUntil(() => worker.Tail(200).Contains("Chunk started", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            await worker.KillAsync();
            await Start("worker-1b", "worker");
        });

    [Test]
    public Task A_worker_stopped_with_SIGTERM_finishes_or_hands_back_its_chunks_and_exits_cleanly() =>
        RunThrough("worker-sigterm/", documents: 6, async () =>
        {
            // What an autoscaler scaling down does: SIGTERM, then wait for the process to leave by itself.
            var worker = Running("worker-2").Single();
            await WaitUntil(() => worker.Tail(200).Contains("Chunk started", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            await worker.TerminateAsync(TimeSpan.FromSeconds(60));
            Assert.That(worker.ExitCode, Is.EqualTo(0), worker.Tail());
            await Start("worker-2b", "worker");
        });

    [Test]
    public Task An_orchestrator_killed_mid_batch_loses_nothing() =>
        RunThrough("orchestrator-kill/", documents: 8, async () =>
        {
            await Running("orchestrator-2").Single().KillAsync();
            await Start("orchestrator-2b", "orchestrator");
        });

    [Test]
    public Task The_broker_restarted_mid_batch_the_processes_reconnect_and_the_batch_completes() =>
        RunThrough("broker-restart/", documents: 6, () => Task.Run(() => FleetServices.Restart("rabbitmq")));

    [Test]
    public Task The_database_restarted_mid_batch_the_processes_reconnect_and_the_batch_completes() =>
        RunThrough("database-restart/", documents: 6, () => Task.Run(() => FleetServices.Restart("postgres")));

    /// <summary>
    /// A batch of three-page scans, one page per chunk, with <paramref name="disrupt"/> done as soon as the batch has
    /// been listed (its documents are then being inspected and chunked on every worker); the batch must still end
    /// with every page exactly once.
    /// </summary>
    private async Task RunThrough(string prefix, int documents, Func<Task> disrupt)
    {
        const int pages = 3;
        await PutScans(prefix, documents, pages);
        var batchId = await Submit(prefix, chunkPages: 1);

        var disrupted = false;
        var status = await WaitForEnd(batchId, BatchTimeout, async s =>
        {
            if (!disrupted && s.ValueKind != default && s.GetProperty("documents").GetInt32() > 0)
            {
                disrupted = true;
                await disrupt();
            }
        });

        Assert.That(disrupted, Is.True, "the batch ended before the disruption");
        await AssertEveryPageOnce(prefix, batchId, status, documents, pages);
    }

    [Test]
    public async Task Another_api_replica_answers_status_documents_and_idempotency_from_the_database()
    {
        await Put("replica/letter.pdf", TestPdfs.BornDigital(["Dear customer, your order has shipped."]));
        // Keys outlive a test run (they are in the database): one of this run's own.
        var key = $"replica-test-{Guid.NewGuid():N}";
        var batchId = await Submit("replica/", idempotencyKey: key);
        await WaitForEnd(batchId, BatchTimeout);

        var replica = await Start("api-2", "api");
        using var client = new HttpClient { BaseAddress = replica.Url, Timeout = TimeSpan.FromSeconds(30) };
        var status = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/batches/{batchId}");
        var documents = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/batches/{batchId}/documents");
        var again = await Submit("replica/", idempotencyKey: key, api: client);
        using var reused = new HttpRequestMessage(HttpMethod.Post, "/batches")
        {
            Content = JsonContent.Create(new { inputBucket = InputBucket, inputPrefix = "other/", outputBucket = OutputBucket }),
            Headers = { { "Idempotency-Key", key } },
        };
        using var reusedAnswer = await client.SendAsync(reused);

        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"));
        Assert.That(status.GetProperty("documents").GetInt32(), Is.EqualTo(1));
        var item = documents.GetProperty("items").EnumerateArray().Single();
        Assert.That(item.GetProperty("key").GetString(), Is.EqualTo("replica/letter.pdf"));
        Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
        Assert.That(again, Is.EqualTo(batchId), "the same idempotency key names the same batch on every replica");
        Assert.That((int)reusedAnswer.StatusCode, Is.EqualTo(422), "the key reused for another body");
        await replica.KillAsync();
    }

    [Test]
    public void The_api_role_loads_neither_ONNX_Runtime_nor_PDFium()
    {
        var maps = File.ReadAllText($"/proc/{ApiProcess.Pid}/maps");

        Assert.That(maps, Does.Not.Contain("onnxruntime"));
        Assert.That(maps, Does.Not.Contain("pdfium"));
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "waited in vain");
            await Task.Delay(50);
        }
    }

    private async Task PutScans(string prefix, int documents, int pages)
    {
        for (var d = 0; d < documents; d++)
        {
            var text = Enumerable.Range(1, pages).Select(p => new[] { $"Document {d} page {p} of {pages}.", $"Reference {prefix.TrimEnd('/')}-{d}-{p}." }).ToArray();
            await Put($"{prefix}doc-{d}.pdf", TestPdfs.Scanned(200, text));
        }
    }

    /// <summary>The batch completed, every document succeeded, and each output holds each of its pages exactly once.</summary>
    private async Task AssertEveryPageOnce(string prefix, Guid batchId, System.Text.Json.JsonElement status, int documents, int pages)
    {
        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"), Logs());
        var manifest = await ReadManifest(prefix, batchId);
        Assert.That(manifest.Totals.Documents, Is.EqualTo(documents));
        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(documents), string.Join("\n", manifest.Documents.Select(d => $"{d.Key}: {d.Status} {d.Reason}")));
        Assert.That(manifest.Totals.Pages.Total, Is.EqualTo(documents * pages));
        Assert.That(manifest.Documents.Select(d => d.Key), Is.Unique);
        for (var d = 0; d < documents; d++)
        {
            var result = await ReadResult($"{prefix}doc-{d}.json");
            Assert.That(result.Pages.Select(p => p.Number), Is.EqualTo(Enumerable.Range(1, pages)), $"doc-{d}: pages");
            var text = await ReadText($"{prefix}doc-{d}.txt");
            for (var p = 1; p <= pages; p++)
                Assert.That(CountOf(text, $"page {p} of {pages}"), Is.EqualTo(1), $"doc-{d} page {p} appears once:\n{text}");
        }
    }

    private static string TextOutput(ManifestDocument document) =>
        document.Outputs.Single(o => o.Key.EndsWith(".txt", StringComparison.Ordinal)).Key;

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
