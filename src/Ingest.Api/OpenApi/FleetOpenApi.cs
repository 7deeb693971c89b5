using System.Text.Json.Nodes;
using Fleet.Ingest.Api.Access;
using Fleet.Ingest.Api.Batches;
using Fleet.Ingest.Api.Uploads;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fleet.Ingest.Api.OpenApi;

/// <summary>
/// What the generated OpenAPI document lacks for a client generator: the introduction, the security schemes and
/// which operations need them, enums for string options, the multipart upload's body, a valid example request, and
/// the health routes (mapped outside the API, so not discovered).
/// </summary>
public static class FleetOpenApi
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public static OpenApiOptions AddFleetTransformers(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = ApiIntroduction.Title;
            document.Info.Description = ApiIntroduction.Markdown;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.HeaderName,
                Description = "An API key from the server's configuration.",
            };
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The same API key as a bearer token.",
            };
            AddHealth(document, "/health", "Liveness", "200 while the process runs; checks nothing else.");
            AddHealth(document, "/health/ready", "Readiness", "200 when the bus, the object store (and the database, on a fleet) answer, 503 otherwise; the body names each check.");
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                ];
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or one the server does not accept (problem details)." });
                operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Too many requests for your tenant; wait as `Retry-After` says (problem details)." });
            }
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is not OpenApiParameter { Schema: OpenApiSchema schema } p)
                    continue;
                (string[]? values, string? description) = (context.Description.ActionDescriptor.DisplayName, p.Name) switch
                {
                    (_, "mode") => (ModeNames, "auto, text or ocr (default auto)."),
                    (_, "format") => (["json", "txt"], "json (default): pages, lines, words, boxes, confidences; txt: the text."),
                    (_, "state") => (BatchesApi.ListableStates, "Only batches in this state."),
                    (_, "next") => (null, "The `next` token of the previous page."),
                    (_, "limit") => (null, "Items per page."),
                    (_, "tag") => (null, "Only batches with this tag."),
                    (_, "Idempotency-Key") => (null, "Your id for this request: the same key (per tenant) answers the same batch and starts nothing new; with a different body it is 422."),
                    _ => (null, null),
                };
                if (values is not null)
                    schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
                if (string.Equals(p.Name, "outputs", StringComparison.OrdinalIgnoreCase))
                {
                    DescribeOutputs(schema);
                    description = "Files written per document (repeat the parameter or separate with commas): txt, json, pdf, hocr, alto (default txt,json).";
                }
                p.Description ??= description;
            }
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName == "UploadDocument")
                operation.RequestBody = UploadBody();
            if (operation.OperationId == "SubmitBatch" && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
            {
                json.Example = JsonNode.Parse("""
                    {"inputBucket": "fleet-in", "inputPrefix": "invoices/2024-03/", "outputBucket": "fleet-out", "outputPrefix": "invoices",
                     "mode": "auto", "dpi": 300, "outputs": ["txt", "json", "pdf"], "tag": "march-invoices", "callbackUrl": "https://example.com/fleet-callback"}
                    """);
            }
            return Task.CompletedTask;
        });

        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { Name: "mode" } property && property.DeclaringType == typeof(SubmitBatchRequest))
                schema.Enum = ModeNames.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            if (context.JsonPropertyInfo is { Name: "outputs" } outputs && outputs.DeclaringType == typeof(SubmitBatchRequest))
                DescribeOutputs(schema);
            return Task.CompletedTask;
        });
        return options;
    }

    private static readonly string[] ModeNames = ["auto", "text", "ocr"];

    /// <summary>An array of format names, at least one, defaulting to txt and json.</summary>
    private static void DescribeOutputs(OpenApiSchema schema)
    {
        if (schema.Items is OpenApiSchema items)
            items.Enum = OutputFormatNames.All.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        schema.Default = new JsonArray(OutputFormatNames.Format(OutputFormatNames.Default).Split(',').Select(n => (JsonNode)JsonValue.Create(n)).ToArray());
        schema.MinItems = 1;
    }

    private static OpenApiRequestBody UploadBody() => new()
    {
        Required = true,
        Description = "One PDF or image (PNG, JPEG, TIFF, WebP) in the field `file`, streamed to the upload bucket.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { UploadsApi.FileField },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        [UploadsApi.FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The PDF or image." },
                    },
                },
            },
        },
    };

    private static void AddHealth(OpenApiDocument document, string path, string summary, string description)
    {
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, new OpenApiOperation
        {
            Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
            Summary = summary,
            Description = description,
            OperationId = summary,
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "Healthy." },
                ["503"] = new OpenApiResponse { Description = "Unhealthy." },
            },
        });
        document.Paths[path] = item;
    }
}
