using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.Tests.Api;

/// <summary>
/// A batch's life after submission, on the real pipeline (open on loopback, one document in flight at a time so that
/// a cancel finds documents still waiting): list, cancel, retry, results, the manifest, and uploads.
/// </summary>
public sealed class BatchLifecycleTests : FleetServerFixture
{
    private static readonly string[] Letter = ["Lifecycle letter: the text layer says hello."];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Orchestrator:MaxActiveDocuments"] = "1",
        ["Fleet:Api:Limits:MaxUploadBytes"] = "200000",
        ["Fleet:Api:UploadBucket"] = Path.Combine(Path.GetTempPath(), $"fleet-uploads-{Guid.NewGuid():N}"),
    };

    [Test]
    public async Task Cancel_stops_waiting_documents_lets_the_active_one_finish_and_the_manifest_records_cancelled()
    {
        for (var i = 0; i < 4; i++)
            AddInput($"scan-{i}.pdf", TestPdfs.Scanned(150, [$"Scanned page number {i} waits its turn."]));
        var batch = await Submit(new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName, mode = "ocr" });
        await Until(batch, s => s.GetProperty("state").GetString() == "Running");

        using var retryWhileRunning = await Client.PostAsync($"/batches/{batch}/retry", null);
        using var cancel = await Client.DeleteAsync($"/batches/{batch}");
        var status = await WaitForEnd(new Uri($"/batches/{batch}", UriKind.Relative));
        using var again = await Client.DeleteAsync($"/batches/{batch}");

        Assert.That(retryWhileRunning.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await cancel.Content.ReadAsStringAsync());
        Assert.That(status.State, Is.EqualTo("Cancelled"));
        var manifest = ResultJson.Deserialize<Manifest>(await Client.GetByteArrayAsync($"/batches/{batch}/manifest"));
        var cancelled = manifest.Documents.Where(d => d.Status == DocumentStatus.Cancelled).Select(d => d.Key).ToList();
        var done = manifest.Documents.Where(d => d.Status == DocumentStatus.Succeeded).Select(d => d.Key).ToList();
        Assert.That(manifest.Documents, Has.Count.EqualTo(4));
        Assert.That(cancelled, Is.Not.Empty, "documents still waiting never started");
        Assert.That(done, Is.Not.Empty, "the document in flight finished");
        Assert.That(cancelled.Select(k => Path.Combine(Output.FullName, Path.ChangeExtension(k, ".txt"))).Where(File.Exists), Is.Empty);
        Assert.That(done.Select(k => Path.Combine(Output.FullName, Path.ChangeExtension(k, ".txt"))).All(File.Exists), Is.True);
        var documents = await Client.GetFromJsonAsync<JsonElement>($"/batches/{batch}/documents");
        Assert.That(documents.GetProperty("items").EnumerateArray().Count(d => d.GetProperty("status").GetString() == "cancelled"), Is.EqualTo(cancelled.Count));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Retry_starts_a_new_batch_of_just_the_failed_documents_and_answers_the_same_one_when_repeated()
    {
        AddInput("good.pdf", TestPdfs.BornDigital(Letter));
        AddInput("broken.pdf", TestPdfs.Truncated());
        var batch = await Submit(new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName, tag = "retry-me" });
        var ended = await WaitForEnd(new Uri($"/batches/{batch}", UriKind.Relative));

        using var retry = await Client.PostAsync($"/batches/{batch}/retry", null);
        using var repeated = await Client.PostAsync($"/batches/{batch}/retry", null);

        Assert.That((ended.State, ended.Failed), Is.EqualTo(("Completed", 1)));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await retry.Content.ReadAsStringAsync());
        var accepted = await retry.Content.ReadFromJsonAsync<JsonElement>();
        var retried = accepted.GetProperty("batchId").GetGuid();
        Assert.That(retried, Is.Not.EqualTo(batch));
        Assert.That(accepted.GetProperty("tag").GetString(), Is.EqualTo("retry-me"));
        Assert.That((await repeated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid(), Is.EqualTo(retried));
        var second = await WaitForEnd(new Uri($"/batches/{retried}", UriKind.Relative));
        Assert.That((second.Documents, second.Failed), Is.EqualTo((1, 1)));
        var items = (await Client.GetFromJsonAsync<JsonElement>($"/batches/{retried}/documents")).GetProperty("items");
        Assert.That(items.EnumerateArray().Select(d => d.GetProperty("key").GetString()), Is.EqualTo(new[] { "broken.pdf" }));
    }

    [Test]
    public async Task Retry_of_a_batch_without_failures_is_409()
    {
        AddInput("fine.pdf", TestPdfs.BornDigital(Letter));
        var batch = await Submit(new { inputBucket = Input.FullName, keys = new[] { "fine.pdf" }, outputBucket = Output.FullName });
        await WaitForEnd(new Uri($"/batches/{batch}", UriKind.Relative));

        using var retry = await Client.PostAsync($"/batches/{batch}/retry", null);

        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:conflict"));
    }

    [Test]
    public async Task A_documents_result_streams_as_text_or_json_and_a_failed_or_unknown_one_is_a_problem()
    {
        AddInput("letter.pdf", TestPdfs.BornDigital(Letter));
        AddInput("broken.pdf", TestPdfs.Truncated());
        var batch = await Submit(new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName });
        await WaitForEnd(new Uri($"/batches/{batch}", UriKind.Relative));
        var items = (await Client.GetFromJsonAsync<JsonElement>($"/batches/{batch}/documents")).GetProperty("items").EnumerateArray().ToList();
        var letter = items.Single(d => d.GetProperty("key").GetString() == "letter.pdf");
        var broken = items.Single(d => d.GetProperty("key").GetString() == "broken.pdf");
        var url = $"/batches/{batch}/documents/{letter.GetProperty("documentId").GetGuid()}/result";

        var text = await Client.GetStringAsync(url + "?format=txt");
        var json = ResultJson.Deserialize<DocumentResult>(await Client.GetByteArrayAsync(url));
        using var xml = await Client.GetAsync(url + "?format=xml");
        using var failed = await Client.GetAsync($"/batches/{batch}/documents/{broken.GetProperty("documentId").GetGuid()}/result");
        using var unknown = await Client.GetAsync($"/batches/{batch}/documents/{Guid.NewGuid()}/result");

        Assert.That(text, Does.Contain(Letter[0]));
        Assert.That(json.Pages[0].Source, Is.EqualTo(PageSource.TextLayer));
        Assert.That(letter.GetProperty("pageCounts").GetProperty("textLayer").GetInt32(), Is.EqualTo(1));
        Assert.That(xml.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await failed.Content.ReadAsStringAsync(), Does.Contain("broken.pdf"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Batches_are_listed_newest_first_in_pages_and_filtered_by_tag_and_state()
    {
        var tag = $"list-{Guid.NewGuid():N}";
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add(await Submit(new { inputBucket = Input.FullName, keys = new[] { $"missing-{i}.pdf" }, outputBucket = Output.FullName, tag }));
        foreach (var id in ids)
            await WaitForEnd(new Uri($"/batches/{id}", UriKind.Relative));

        var first = await Client.GetFromJsonAsync<JsonElement>($"/batches?tag={tag}&limit=2");
        var second = await Client.GetFromJsonAsync<JsonElement>($"/batches?tag={tag}&limit=2&next={first.GetProperty("next").GetString()}");
        var completed = await Client.GetFromJsonAsync<JsonElement>($"/batches?tag={tag}&state=Completed");
        var running = await Client.GetFromJsonAsync<JsonElement>($"/batches?tag={tag}&state=Running");
        using var badState = await Client.GetAsync("/batches?state=Sleeping");

        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.That(listed.Select(b => b.GetProperty("batchId").GetGuid()), Is.EqualTo(ids.AsEnumerable().Reverse()));
        Assert.That(listed.Select(b => b.GetProperty("tag").GetString()), Is.All.EqualTo(tag));
        Assert.That(second.GetProperty("next").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(completed.GetProperty("items").GetArrayLength(), Is.EqualTo(3));
        Assert.That(running.GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That(badState.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task An_uploaded_pdf_becomes_a_batch_of_one_whose_text_is_its_result()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestPdfs.BornDigital(Letter));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "my letter.pdf");

        using var response = await Client.PostAsync("/documents?tag=upload", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var batch = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();
        var status = await WaitForEnd(new Uri($"/batches/{batch}", UriKind.Relative));
        Assert.That((status.State, status.Documents, status.Failed), Is.EqualTo(("Completed", 1, 0)));
        var document = (await Client.GetFromJsonAsync<JsonElement>($"/batches/{batch}/documents")).GetProperty("items")[0];
        Assert.That(document.GetProperty("key").GetString(), Does.EndWith("my_letter.pdf"));
        var text = await Client.GetStringAsync($"/batches/{batch}/documents/{document.GetProperty("documentId").GetGuid()}/result?format=txt");
        Assert.That(text, Does.Contain(Letter[0]));
    }

    [Test]
    public async Task An_upload_without_a_file_field_is_400_and_one_over_the_limit_is_413()
    {
        using var noFile = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        using var big = new MultipartFormDataContent { { new ByteArrayContent(new byte[300_000]), "file", "big.pdf" } };

        using var missing = await Client.PostAsync("/documents", noFile);
        using var tooLarge = await Client.PostAsync("/documents", big);

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file").GetArrayLength(), Is.EqualTo(1));
        Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await tooLarge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:too-large"));
    }

    private async Task<Guid> Submit(object body)
    {
        using var response = await Client.PostAsJsonAsync("/batches", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();
    }

    private async Task Until(Guid batch, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!done(await Client.GetFromJsonAsync<JsonElement>($"/batches/{batch}")) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
    }
}
