using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.Tests.Api;

/// <summary>A client's view of the batch API: submit, poll, read the manifest, and the errors it can get.</summary>
public sealed class BatchesApiTests : FleetServerFixture
{
    private static readonly string[] Letter = ["Dear reader, this page has a text layer.", "Fleet reads it without OCR."];

    [Test]
    public async Task Post_batch_of_a_born_digital_pdf_is_accepted_completes_and_its_manifest_lists_the_document()
    {
        AddInput("letter.pdf", TestPdfs.BornDigital(Letter));

        using var response = await Client.PostAsJsonAsync("/batches", new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var accepted = await response.Content.ReadFromJsonAsync<BatchAcceptedBody>();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/batches/{accepted!.BatchId}"));
        Assert.That(accepted.StatusUrl, Is.EqualTo(response.Headers.Location!.ToString()));

        var status = await WaitForEnd(response.Headers.Location);
        Assert.That(status, Is.EqualTo(new BatchStatusBody(accepted.BatchId, "Completed", 1, 1, 0, $"/batches/{accepted.BatchId}/manifest", null)));

        var manifest = ResultJson.Deserialize<Manifest>(await Client.GetByteArrayAsync(status.ManifestUrl));
        Assert.That(manifest.BatchId, Is.EqualTo(accepted.BatchId));
        Assert.That(manifest.Documents.Select(d => (d.Key, d.Status)), Is.EqualTo(new[] { ("letter.pdf", DocumentStatus.Succeeded) }));
        Assert.That(File.ReadAllText(Path.Combine(Output.FullName, "letter.txt")), Does.Contain(Letter[0]));
    }

    [Test]
    public async Task Post_batch_of_an_image_and_an_encrypted_pdf_with_its_password_completes_with_both_read()
    {
        using var page = TestImages.Page(["A scanned note sent through the API."], 200);
        AddInput("note.png", TestImages.Png(page, dpi: 200));
        AddInput("sealed.pdf", QpdfEncryption.Encrypt(TestPdfs.BornDigital(Letter), "api-secret-42"));

        using var response = await Client.PostAsJsonAsync("/batches", new
        {
            inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName,
            passwords = new Dictionary<string, string> { ["sealed.pdf"] = "api-secret-42" },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var status = await WaitForEnd(response.Headers.Location!);
        Assert.That((status.State, status.Documents, status.Failed), Is.EqualTo(("Completed", 2, 0)));
        var manifestBytes = await Client.GetByteArrayAsync(status.ManifestUrl);
        var manifest = ResultJson.Deserialize<Manifest>(manifestBytes);
        Assert.That(manifest.Totals.Pages, Is.EqualTo(new PageCounts(2, 1, 1, 0)), "the PNG OCR'd, the PDF's text layer read");
        Assert.That(File.ReadAllText(Path.Combine(Output.FullName, "sealed.txt")), Does.Contain(Letter[0]));
        Assert.That(CharacterErrorRate.Compute("A scanned note sent through the API.", File.ReadAllText(Path.Combine(Output.FullName, "note.txt")).Trim('\n', '\f')),
            Is.LessThan(0.05));
        Assert.That(System.Text.Encoding.UTF8.GetString(manifestBytes), Does.Not.Contain("api-secret-42"));
        var batch = await Client.GetStringAsync(response.Headers.Location);
        Assert.That(batch, Does.Not.Contain("api-secret-42"));
    }

    [Test]
    public async Task Post_with_an_empty_password_or_a_key_outside_the_bucket_is_a_validation_problem_naming_passwords()
    {
        foreach (var passwords in new[] { new Dictionary<string, string> { ["a.pdf"] = "" }, new Dictionary<string, string> { ["../a.pdf"] = "x" } })
        {
            using var response = await Client.PostAsJsonAsync("/batches",
                new { inputBucket = Input.FullName, keys = new[] { "a.pdf" }, outputBucket = Output.FullName, passwords });

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "passwords" }));
        }
    }

    [Test]
    public async Task Post_with_dpi_out_of_range_is_a_validation_problem_naming_dpi()
    {
        using var response = await Client.PostAsJsonAsync("/batches",
            new { inputBucket = Input.FullName, keys = new[] { "a.pdf" }, outputBucket = Output.FullName, dpi = 2400 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("dpi")[0].GetString(), Does.Contain("72").And.Contain("600"));
        Assert.That(Directory.EnumerateFileSystemEntries(Output.FullName), Is.Empty);
    }

    [Test]
    public async Task Post_with_an_unknown_output_format_is_a_validation_problem_naming_outputs()
    {
        using var response = await Client.PostAsJsonAsync("/batches",
            new { inputBucket = Input.FullName, keys = new[] { "a.pdf" }, outputBucket = Output.FullName, outputs = new[] { "txt", "docx" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "outputs" }));
        Assert.That(errors.GetProperty("outputs")[0].GetString(), Does.Contain("'docx'").And.Contain("hocr"));
    }

    [Test]
    public async Task Post_without_buckets_or_inputs_names_every_missing_field()
    {
        using var response = await Client.PostAsJsonAsync("/batches", new { mode = "fast", chunkPages = 0 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name),
            Is.EquivalentTo(new[] { "inputBucket", "outputBucket", "keys", "mode", "chunkPages" }));
    }

    [Test]
    public async Task Post_naming_a_key_twice_is_a_validation_problem()
    {
        using var response = await Client.PostAsJsonAsync("/batches",
            new { inputBucket = Input.FullName, outputBucket = Output.FullName, keys = new[] { "a.pdf", "b.pdf", "a.pdf" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("keys")[0].GetString(), Does.Contain("once"));
    }

    [Test]
    public async Task Get_unknown_batch_is_a_not_found_problem()
    {
        var id = Guid.NewGuid();

        using var response = await Client.GetAsync($"/batches/{id}");
        using var manifest = await Client.GetAsync($"/batches/{id}/manifest");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(404));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(id.ToString()));
        Assert.That(manifest.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Same_idempotency_key_twice_answers_the_same_batch_and_runs_it_once()
    {
        AddInput("letter.pdf", TestPdfs.BornDigital(Letter));
        var body = new { inputBucket = Input.FullName, keys = new[] { "letter.pdf" }, outputBucket = Output.FullName, outputPrefix = "ocr" };
        var key = $"retry-{Guid.NewGuid()}";

        var first = await Submit(body, key);
        var second = await Submit(body, key);
        var status = await WaitForEnd(new Uri(first.StatusUrl, UriKind.Relative));
        var afterCompletion = await Submit(body, key);

        Assert.That(second.BatchId, Is.EqualTo(first.BatchId));
        Assert.That(afterCompletion.BatchId, Is.EqualTo(first.BatchId));
        Assert.That((status.State, status.Documents, status.Finished), Is.EqualTo(("Completed", 1, 1)));
        Assert.That(await Client.GetFromJsonAsync<BatchStatusBody>(first.StatusUrl), Is.EqualTo(status), "a retry after completion changes nothing");
        var manifests = Directory.GetFiles(Path.Combine(Output.FullName, "ocr", "runs", first.BatchId.ToString()), "manifest.json");
        Assert.That(manifests, Has.Length.EqualTo(1));
        Assert.That(ResultJson.Deserialize<Manifest>(File.ReadAllBytes(manifests[0])).Documents, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Idempotency_key_reused_with_a_different_body_is_refused()
    {
        var key = $"reused-{Guid.NewGuid()}";
        var first = await Submit(new { inputBucket = Input.FullName, keys = new[] { "missing-a.pdf" }, outputBucket = Output.FullName }, key);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/batches")
        {
            Content = JsonContent.Create(new { inputBucket = Input.FullName, keys = new[] { "missing-b.pdf" }, outputBucket = Output.FullName }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var status = await WaitForEnd(new Uri(first.StatusUrl, UriKind.Relative));
        Assert.That(status.Documents, Is.EqualTo(1), "the first request's batch, untouched by the refused one");
    }

    private async Task<BatchAcceptedBody> Submit(object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/batches") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BatchAcceptedBody>())!;
    }
}
