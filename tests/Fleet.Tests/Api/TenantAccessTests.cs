using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Ingest.Api.Callbacks;
using Fleet.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Fleet.Tests.Api;

/// <summary>
/// The API with keys for four tenants, each confined to a bucket of its own: who may call, what each tenant sees and
/// may touch, the limits, strict bodies, and the signed completion callback, as a client meets them.
/// </summary>
public sealed class TenantAccessTests : FleetServerFixture
{
    private const string Acme = "acme-key", Globex = "globex-key", Limited = "limited-key", Busy = "busy-key";
    private const string AcmeSecret = "acme-callback-secret";
    private static readonly string[] Letter = ["Tenant letter: this page has a text layer."];

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("fleet-tenants-");

    private string Bucket(string tenant) => Directory.CreateDirectory(Path.Combine(root.FullName, tenant)).FullName;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Api:Keys:0:Key"] = Acme, ["Fleet:Api:Keys:0:Tenant"] = "acme",
        ["Fleet:Api:Keys:1:Key"] = Globex, ["Fleet:Api:Keys:1:Tenant"] = "globex",
        ["Fleet:Api:Keys:2:Key"] = Limited, ["Fleet:Api:Keys:2:Tenant"] = "limited",
        ["Fleet:Api:Keys:3:Key"] = Busy, ["Fleet:Api:Keys:3:Tenant"] = "busy",
        ["Fleet:Api:Tenants:acme:Buckets:0:Name"] = Bucket("acme"),
        ["Fleet:Api:Tenants:acme:CallbackSecret"] = AcmeSecret,
        ["Fleet:Api:Tenants:globex:Buckets:0:Name"] = Bucket("globex"),
        ["Fleet:Api:Tenants:limited:Buckets:0:Name"] = Bucket("limited"),
        ["Fleet:Api:Tenants:limited:RequestsPerMinute"] = "3",
        ["Fleet:Api:Tenants:busy:Buckets:0:Name"] = Bucket("busy"),
        ["Fleet:Api:Tenants:busy:MaxConcurrentBatches"] = "1",
        ["Fleet:Api:Limits:MaxKeysPerBatch"] = "3",
        ["Fleet:Api:Limits:MaxRequestBodyBytes"] = "2048",
        ["Fleet:Api:Callbacks:FirstRetryDelay"] = "00:00:00.200",
        ["Fleet:Api:Callbacks:Attempts"] = "3",
    };

    [OneTimeTearDown]
    public void RemoveBuckets() => root.Delete(recursive: true);

    [Test]
    public async Task A_batch_route_without_a_key_is_401_problem_details_and_health_and_the_api_reference_need_none()
    {
        using var none = await Client.GetAsync("/batches");
        using var wrong = await Send(HttpMethod.Get, "/batches", "not-a-key");
        using var health = await Client.GetAsync("/health");
        using var openApi = await Client.GetAsync("/openapi/v1.json");

        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(none.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await Problem(none)).GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:unauthorized"));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Problem(wrong)).GetProperty("title").GetString(), Does.Contain("not accepted"));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(openApi.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_key_works_as_a_bearer_token_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/batches");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Globex);
        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Another_tenants_batch_answers_404_on_every_route()
    {
        File.WriteAllBytes(Path.Combine(Bucket("acme"), "isolated.pdf"), TestPdfs.BornDigital(Letter));
        var batch = await Accepted(await Submit(Acme, new { inputBucket = Bucket("acme"), keys = new[] { "isolated.pdf" }, outputBucket = Bucket("acme"), outputPrefix = "isolation" }));
        var status = await WaitForEnd(Acme, batch);
        var documentId = (await Get(Acme, $"/batches/{batch}/documents")).GetProperty("items")[0].GetProperty("documentId").GetGuid();

        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, $"/batches/{batch}"), (HttpMethod.Get, $"/batches/{batch}/documents"), (HttpMethod.Get, $"/batches/{batch}/manifest"),
            (HttpMethod.Get, $"/batches/{batch}/documents/{documentId}/result"), (HttpMethod.Delete, $"/batches/{batch}"), (HttpMethod.Post, $"/batches/{batch}/retry"),
        })
        {
            using var response = await Send(method, url, Globex);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{method} {url}");
            Assert.That((await Problem(response)).GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:not-found"));
        }
        var globexBatches = await Get(Globex, "/batches");
        Assert.That(globexBatches.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("batchId").GetGuid()), Does.Not.Contain(batch));
        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"));
        using var own = await Send(HttpMethod.Get, $"/batches/{batch}/documents/{documentId}/result?format=txt", Acme);
        Assert.That(await own.Content.ReadAsStringAsync(), Does.Contain(Letter[0]));
    }

    [Test]
    public async Task A_bucket_the_tenant_may_not_use_is_400_at_submission()
    {
        using var response = await Submit(Globex, new { inputBucket = Bucket("acme"), inputPrefix = "", outputBucket = Bucket("acme") });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await Problem(response)).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "inputBucket", "outputBucket" }));
    }

    [TestCase("../acme/secret.pdf")]
    [TestCase("/etc/passwd.pdf")]
    [TestCase("a/./b.pdf")]
    public async Task A_key_that_leaves_its_bucket_is_400_at_submission(string key)
    {
        using var response = await Submit(Globex, new { inputBucket = Bucket("globex"), keys = new[] { key }, outputBucket = Bucket("globex") });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem(response)).GetProperty("errors").GetProperty("keys")[0].GetString(), Does.Contain(key));
    }

    [Test]
    public async Task The_same_idempotency_key_from_two_tenants_names_two_batches()
    {
        var key = $"shared-{Guid.NewGuid()}";
        var acme = await Accepted(await Submit(Acme, new { inputBucket = Bucket("acme"), keys = new[] { "missing.pdf" }, outputBucket = Bucket("acme") }, key));
        var globex = await Accepted(await Submit(Globex, new { inputBucket = Bucket("globex"), keys = new[] { "missing.pdf" }, outputBucket = Bucket("globex") }, key));

        Assert.That(globex, Is.Not.EqualTo(acme));
        using var acmeAgain = await Submit(Acme, new { inputBucket = Bucket("acme"), keys = new[] { "missing.pdf" }, outputBucket = Bucket("acme") }, key);
        Assert.That(await Accepted(acmeAgain), Is.EqualTo(acme));
    }

    [Test]
    public async Task Past_its_requests_per_minute_a_tenant_gets_429_with_retry_after_and_others_go_on()
    {
        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await Send(HttpMethod.Get, "/batches", Limited);
            codes.Add(last.StatusCode);
        }
        using var other = await Send(HttpMethod.Get, "/batches", Globex);

        Assert.That(codes, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(last!.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That((await Problem(last)).GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:too-many-requests"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        last.Dispose();
    }

    [Test]
    public async Task A_tenant_at_its_concurrent_batch_limit_gets_429_until_its_batch_has_ended()
    {
        var bucket = Bucket("busy");
        File.WriteAllBytes(Path.Combine(bucket, "scan.pdf"), TestPdfs.Scanned(150, ["A scanned page keeps the first batch busy."]));
        var first = await Accepted(await Submit(Busy, new { inputBucket = bucket, keys = new[] { "scan.pdf" }, outputBucket = bucket, outputPrefix = "one", mode = "ocr" }));

        using var refused = await Submit(Busy, new { inputBucket = bucket, keys = new[] { "scan.pdf" }, outputBucket = bucket, outputPrefix = "two" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That((await Problem(refused)).GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:too-many-batches"));

        await WaitForEnd(Busy, first);
        HttpStatusCode after = 0;
        for (var i = 0; i < 50 && after != HttpStatusCode.Accepted; i++)
        {
            // The end reaches the API's count a moment after the status says so.
            using var retry = await Submit(Busy, new { inputBucket = bucket, keys = new[] { "scan.pdf" }, outputBucket = bucket, outputPrefix = "two" });
            after = retry.StatusCode;
            await Task.Delay(100);
        }
        Assert.That(after, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task A_body_over_the_limit_is_413_problem_details()
    {
        var keys = Enumerable.Range(0, 3).Select(i => new string('k', 900) + $"{i}.pdf").ToArray();
        using var response = await Submit(Globex, new { inputBucket = Bucket("globex"), keys, outputBucket = Bucket("globex") });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await Problem(response)).GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:too-large"));
    }

    [Test]
    public async Task More_keys_than_a_batch_may_name_is_400()
    {
        using var response = await Submit(Globex, new { inputBucket = Bucket("globex"), keys = new[] { "a.pdf", "b.pdf", "c.pdf", "d.pdf" }, outputBucket = Bucket("globex") });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem(response)).GetProperty("errors").GetProperty("keys")[0].GetString(), Does.Contain("at most 3"));
    }

    [TestCase("""{"inputBucket": "B", "keys": ["a.pdf"], "outputBucket": "B", "colour": "blue"}""", "colour", "not part of the request")]
    [TestCase("""{"inputBucket": "B", "keys": ["a.pdf"], "outputBucket": "B", "dpi": "high"}""", "dpi", "wrong type")]
    [TestCase("""{"inputBucket": "B", "keys": "a.pdf", "outputBucket": "B"}""", "keys", "wrong type")]
    [TestCase("""{"inputBucket": "B",, "outputBucket": "B"}""", "$", "does not parse")]
    public async Task A_body_with_an_unknown_field_a_wrong_type_or_bad_json_is_400_naming_the_field(string json, string field, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/batches")
        {
            Content = new StringContent(json.Replace("\"B\"", JsonSerializer.Serialize(Bucket("globex"))), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", Globex);
        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await Problem(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:invalid-json"));
        Assert.That(problem.GetProperty("errors").GetProperty(field)[0].GetString(), Does.Contain(reason));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("line 1"));
    }

    [Test]
    public async Task A_callback_url_without_a_callback_secret_for_the_tenant_is_400()
    {
        using var response = await Submit(Globex, new { inputBucket = Bucket("globex"), keys = new[] { "a.pdf" }, outputBucket = Bucket("globex"), callbackUrl = "http://127.0.0.1:9/hook" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Problem(response)).GetProperty("errors").GetProperty("callbackUrl")[0].GetString(), Does.Contain("secret"));
    }

    [Test]
    public async Task A_completed_batch_posts_its_signed_status_to_the_callback_url_retrying_until_it_is_taken()
    {
        var calls = new ConcurrentQueue<(string? Signature, byte[] Body)>();
        await using var receiver = await StartReceiver(calls, failFirst: 1);
        var bucket = Bucket("acme");
        File.WriteAllBytes(Path.Combine(bucket, "called-back.pdf"), TestPdfs.BornDigital(Letter));

        var batch = await Accepted(await Submit(Acme, new
        {
            inputBucket = bucket, keys = new[] { "called-back.pdf" }, outputBucket = bucket, outputPrefix = "callbacks",
            tag = "march", callbackUrl = $"{receiver.Urls.Single()}/hook",
        }));
        await WaitForEnd(Acme, batch);
        var status = await Until(Acme, batch, s => s.TryGetProperty("callback", out var c) && c.ValueKind == JsonValueKind.Object &&
                                                    c.GetProperty("state").GetString() != "pending");

        var callback = status.GetProperty("callback");
        Assert.That(callback.GetProperty("state").GetString(), Is.EqualTo("delivered"));
        Assert.That(callback.GetProperty("attempts").GetInt32(), Is.EqualTo(2));
        Assert.That(calls, Has.Count.EqualTo(2));
        var (signature, body) = calls.Last();
        Assert.That(CallbackSignature.Verify(AcmeSecret, signature!, body, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow), Is.True);
        Assert.That(CallbackSignature.Verify("another-secret", signature!, body, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow), Is.False);
        Assert.That(CallbackSignature.Verify(AcmeSecret, signature!, [.. body, (byte)' '], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow), Is.False);
        using var sent = JsonDocument.Parse(body);
        Assert.That(sent.RootElement.GetProperty("batchId").GetGuid(), Is.EqualTo(batch));
        Assert.That(sent.RootElement.GetProperty("state").GetString(), Is.EqualTo("Completed"));
        Assert.That(sent.RootElement.GetProperty("tag").GetString(), Is.EqualTo("march"));
        Assert.That(sent.RootElement.GetProperty("finished").GetInt32(), Is.EqualTo(1));
        Assert.That(status.GetProperty("tag").GetString(), Is.EqualTo("march"));
    }

    private static async Task<WebApplication> StartReceiver(ConcurrentQueue<(string?, byte[])> calls, int failFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            calls.Enqueue((http.Request.Headers[CallbackSignature.Header].ToString(), body.ToArray()));
            return calls.Count <= failFirst ? Results.StatusCode(500) : Results.Ok();
        });
        await receiver.StartAsync();
        return receiver;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string key, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> Submit(string key, object body, string? idempotencyKey = null) => Send(HttpMethod.Post, "/batches", key, body, idempotencyKey);

    private static async Task<Guid> Accepted(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();
        }
    }

    private async Task<JsonElement> Get(string key, string url)
    {
        using var response = await Send(HttpMethod.Get, url, key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> WaitForEnd(string key, Guid batch) =>
        Until(key, batch, s => s.GetProperty("state").GetString() is "Completed" or "Cancelled" or "Rejected" or "Failed");

    private async Task<JsonElement> Until(string key, Guid batch, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var status = await Get(key, $"/batches/{batch}");
            if (done(status) || DateTime.UtcNow > deadline)
                return status;
            await Task.Delay(250);
        }
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();
}
