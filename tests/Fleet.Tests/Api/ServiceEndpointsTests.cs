using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Tests.Api;

/// <summary>What operators and client generators rely on: health, readiness and the OpenAPI document.</summary>
public sealed class ServiceEndpointsTests : FleetServerFixture
{
    // The example names a callback URL, which needs a secret to sign with.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Api:Tenants:default:CallbackSecret"] = "test-secret",
        ["Fleet:Api:Callbacks:Attempts"] = "1",
    };

    [Test]
    public async Task Health_answers_ok()
    {
        using var response = await Client.GetAsync("/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Ready_checks_the_bus_the_object_store_and_the_ocr_engine_once_it_has_loaded()
    {
        // The worker role loads its OCR engine at start; readiness says 503 until then, as a probe would see it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpResponseMessage response;
        while ((response = await Client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            response.Dispose();
            await Task.Delay(200);
        }

        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
            Assert.That(checks.EnumerateObject().Select(c => c.Name), Does.Contain("object-store").And.Contain("masstransit-bus").And.Contain("ocr-engine"));
        }
    }

    [Test]
    public async Task OpenApi_document_lists_the_batch_endpoints()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Is.SupersetOf(new[] { "/batches", "/batches/{batchId}", "/batches/{batchId}/manifest" }));
    }

    [Test]
    public async Task OpenApi_document_gives_a_client_generator_security_enums_required_fields_ranges_and_the_health_routes()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[]
        {
            "/batches", "/batches/{batchId}", "/batches/{batchId}/documents", "/batches/{batchId}/documents/{documentId}/result",
            "/batches/{batchId}/manifest", "/batches/{batchId}/retry", "/documents", "/health", "/health/ready",
        }));
        Assert.That(document.GetProperty("info").GetProperty("description").GetString(), Does.Contain("X-Api-Key").And.Contain("Fleet-Signature"));
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.That(schemes.GetProperty("ApiKey").GetProperty("name").GetString(), Is.EqualTo("X-Api-Key"));
        Assert.That(schemes.GetProperty("Bearer").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
        var submit = paths.GetProperty("/batches").GetProperty("post");
        Assert.That(submit.GetProperty("security").GetArrayLength(), Is.EqualTo(2));
        Assert.That(paths.GetProperty("/health").GetProperty("get").TryGetProperty("security", out _), Is.False);
        var body = submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        var request = document.GetProperty("components").GetProperty("schemas").GetProperty("SubmitBatchRequest");
        Assert.That(request.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EquivalentTo(new[] { "inputBucket", "outputBucket" }));
        var properties = request.GetProperty("properties");
        Assert.That(properties.GetProperty("mode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "auto", "text", "ocr" }));
        Assert.That((properties.GetProperty("dpi").GetProperty("minimum").GetInt32(), properties.GetProperty("dpi").GetProperty("maximum").GetInt32()), Is.EqualTo((72, 600)));
        Assert.That(properties.GetProperty("dpi").GetProperty("default").GetInt32(), Is.EqualTo(300));
        Assert.That(properties.GetProperty("tag").GetProperty("description").GetString(), Is.Not.Empty);
        var outputs = properties.GetProperty("outputs");
        Assert.That(outputs.GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "txt", "json", "pdf", "hocr", "alto" }));
        Assert.That(outputs.GetProperty("default").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "txt", "json" }));
        var uploadParameters = paths.GetProperty("/documents").GetProperty("post").GetProperty("parameters");
        var uploadOutputs = uploadParameters.EnumerateArray().SingleOrDefault(p => string.Equals(p.GetProperty("name").GetString(), "outputs", StringComparison.OrdinalIgnoreCase));
        Assert.That(uploadOutputs.ValueKind, Is.EqualTo(JsonValueKind.Object), uploadParameters.ToString());
        Assert.That(uploadOutputs.GetProperty("schema").GetProperty("items").GetProperty("enum").GetArrayLength(), Is.EqualTo(5));
        var upload = paths.GetProperty("/documents").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data");
        Assert.That(upload.GetProperty("schema").GetProperty("properties").GetProperty("file").GetProperty("format").GetString(), Is.EqualTo("binary"));

        // The example is a request the API accepts: everything but the buckets, which must exist here.
        var example = body.GetProperty("example");
        var valid = new Dictionary<string, object?>(example.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, (object?)p.Value)))
        {
            ["inputBucket"] = Input.FullName, ["outputBucket"] = Output.FullName,
        };
        using var response = await Client.PostAsJsonAsync("/batches", valid);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Scalar_reference_page_is_served()
    {
        using var response = await Client.GetAsync("/scalar");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }
}
