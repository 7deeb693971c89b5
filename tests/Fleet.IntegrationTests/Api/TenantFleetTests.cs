using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Results;
using Fleet.Ingest.Api.Callbacks;
using Fleet.IntegrationTests.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Fleet.Tests.Support;

namespace Fleet.IntegrationTests.Api;

/// <summary>
/// The API in a fleet (separate api, orchestrator and worker processes; batch state, submissions and the ledger in
/// PostgreSQL): a tenant's batch is invisible to another tenant, a cancel ends it Cancelled with the documents that
/// never started recorded as cancelled in the manifest, and its signed callback is delivered and recorded.
/// </summary>
public sealed class TenantFleetTests : FleetCluster
{
    private const string Acme = "acme-fleet-key", Globex = "globex-fleet-key", Secret = "acme-fleet-secret";

    public TenantFleetTests()
    {
        Settings["Fleet__Api__Keys__0__Key"] = Acme;
        Settings["Fleet__Api__Keys__0__Tenant"] = "acme";
        Settings["Fleet__Api__Keys__1__Key"] = Globex;
        Settings["Fleet__Api__Keys__1__Tenant"] = "globex";
        Settings["Fleet__Api__Tenants__acme__CallbackSecret"] = Secret;
        // One document in flight at a time, so that a cancel finds documents still waiting.
        Settings["Fleet__Orchestrator__MaxActiveDocuments"] = "1";
    }

    protected override int Workers => 1;

    [Test]
    public async Task A_tenants_batch_is_404_to_another_tenant_and_cancel_ends_it_cancelled_with_the_manifest_saying_so()
    {
        var calls = new ConcurrentQueue<(string Signature, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            calls.Enqueue((http.Request.Headers[CallbackSignature.Header].ToString(), body.ToArray()));
            return Results.Ok();
        });
        await receiver.StartAsync();

        for (var i = 0; i < 4; i++)
            await Put($"tenants/scan-{i}.pdf", TestPdfs.Scanned(150, [$"Fleet tenant page {i}."]));
        using var submit = await Send(HttpMethod.Post, "/batches", Acme, new
        {
            inputBucket = InputBucket, inputPrefix = "tenants/", outputBucket = OutputBucket, outputPrefix = "tenants/", mode = "ocr", tag = "fleet",
            callbackUrl = $"{receiver.Urls.Single()}/hook",
        });
        Assert.That(submit.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await submit.Content.ReadAsStringAsync());
        var batch = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();
        await Until(batch, s => s.GetProperty("state").GetString() == "Running");

        using var peek = await Send(HttpMethod.Get, $"/batches/{batch}", Globex);
        using var foreignCancel = await Send(HttpMethod.Delete, $"/batches/{batch}", Globex);
        using var cancel = await Send(HttpMethod.Delete, $"/batches/{batch}", Acme);
        var ended = await Until(batch, s => s.GetProperty("state").GetString() is "Cancelled" or "Completed" or "Failed");

        Assert.That(peek.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(foreignCancel.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await cancel.Content.ReadAsStringAsync());
        Assert.That(ended.GetProperty("state").GetString(), Is.EqualTo("Cancelled"), Logs());
        Assert.That(ended.GetProperty("tag").GetString(), Is.EqualTo("fleet"));
        var manifest = await ReadManifest("tenants/", batch);
        var cancelled = manifest.Documents.Count(d => d.Status == DocumentStatus.Cancelled);
        Assert.That(manifest.Documents, Has.Count.EqualTo(4));
        Assert.That(cancelled, Is.GreaterThan(0));
        Assert.That(ended.GetProperty("cancelled").GetInt32(), Is.EqualTo(cancelled));
        Assert.That(manifest.Documents.Count(d => d.Status == DocumentStatus.Succeeded), Is.EqualTo(4 - cancelled));

        var called = await Until(batch, s => s.GetProperty("callback").ValueKind == JsonValueKind.Object);
        Assert.That(called.GetProperty("callback").GetProperty("state").GetString(), Is.EqualTo("delivered"));
        var (signature, sent) = calls.Single();
        Assert.That(CallbackSignature.Verify(Secret, signature, sent, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow), Is.True);
        Assert.That(JsonDocument.Parse(sent).RootElement.GetProperty("state").GetString(), Is.EqualTo("Cancelled"));

        var acmeBatches = await Get(Acme, "/batches?tag=fleet&state=Cancelled");
        var globexBatches = await Get(Globex, "/batches");
        Assert.That(acmeBatches.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("batchId").GetGuid()), Does.Contain(batch));
        Assert.That(globexBatches.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("batchId").GetGuid()), Does.Not.Contain(batch));
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        return Api.SendAsync(request);
    }

    private async Task<JsonElement> Get(string key, string url)
    {
        using var response = await Send(HttpMethod.Get, url, key);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> Until(Guid batch, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var status = await Get(Acme, $"/batches/{batch}");
            if (done(status))
                return status;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"batch {batch} is still {status}\n{Logs()}");
            await Task.Delay(200);
        }
    }
}
