using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Tests.Api;

/// <summary>What operators and client generators rely on: health, readiness and the OpenAPI document.</summary>
public sealed class ServiceEndpointsTests : FleetServerFixture
{
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
    public async Task Scalar_reference_page_is_served()
    {
        using var response = await Client.GetAsync("/scalar");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }
}
