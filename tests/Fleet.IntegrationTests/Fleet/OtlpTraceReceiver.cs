using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Fleet.Cli.Serve;

namespace Fleet.IntegrationTests.Fleet;

/// <summary>
/// An OTLP/HTTP trace receiver for tests: <c>POST /v1/traces</c> with an <c>ExportTraceServiceRequest</c> in protobuf
/// (what the exporter sends with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>), decoded here by hand from the
/// opentelemetry-proto field numbers: only the fields a trace test reads (ids, parent, name, kind, the resource's
/// attributes).
/// </summary>
public sealed class OtlpTraceReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly Task loop;

    public OtlpTraceReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{ReadinessProbe.FreeLoopbackPort()}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(ReceiveAsync);
    }

    /// <summary>What OTEL_EXPORTER_OTLP_ENDPOINT is set to; the exporter posts to /v1/traces below it.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => spans.ToArray();

    public int Requests { get; private set; }

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                Requests++;
                foreach (var span in Decode(body.ToArray()))
                    spans.Enqueue(span);
                context.Response.ContentType = "application/x-protobuf";
                context.Response.StatusCode = 200;
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    /// <summary>ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }</summary>
    private static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
            var fields = Fields(resourceSpans.Bytes).ToList();
            var resource = fields.Where(f => f.Number == 1).SelectMany(r => Attributes(r.Bytes, 1)).ToDictionary(a => a.Key, a => a.Value);
            foreach (var scopeSpans in fields.Where(f => f.Number == 2))
            {
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                var scope = Fields(scopeSpans.Bytes).ToList();
                var scopeName = scope.Where(f => f.Number == 1).SelectMany(s => Fields(s.Bytes)).Where(f => f.Number == 1).Select(f => Text(f.Bytes)).FirstOrDefault() ?? "";
                foreach (var span in scope.Where(f => f.Number == 2))
                    yield return Span(span.Bytes, scopeName, resource);
            }
        }
    }

    /// <summary>Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6; repeated KeyValue attributes = 9; }</summary>
    private static ReceivedSpan Span(ReadOnlyMemory<byte> span, string scope, IReadOnlyDictionary<string, string> resource)
    {
        string traceId = "", spanId = "", parentId = "", name = "";
        var kind = 0;
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 4: parentId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 5: name = Text(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
            }
        }
        var attributes = Attributes(span, 9).ToDictionary(a => a.Key, a => a.Value);
        return new ReceivedSpan(traceId, spanId, parentId, name, (SpanKind)kind, scope, attributes, resource);
    }

    /// <summary>KeyValue { string key = 1; AnyValue value = 2; } with AnyValue { string string_value = 1; ... }: string values only.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Attributes(ReadOnlyMemory<byte> message, int field)
    {
        foreach (var keyValue in Fields(message).Where(f => f.Number == field && f.Wire == 2))
        {
            var parts = Fields(keyValue.Bytes).ToList();
            var key = parts.Where(p => p.Number == 1).Select(p => Text(p.Bytes)).FirstOrDefault();
            var value = parts.Where(p => p.Number == 2).SelectMany(p => Fields(p.Bytes)).Where(p => p.Number == 1 && p.Wire == 2).Select(p => Text(p.Bytes)).FirstOrDefault();
            if (key is not null && value is not null)
                yield return new(key, value);
        }
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private readonly record struct Field(int Number, int Wire, ulong Varint, ReadOnlyMemory<byte> Bytes);

    /// <summary>The fields of one protobuf message: varints, fixed 32/64-bit values (skipped) and length-delimited bytes.</summary>
    private static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message.Span, ref position);
            var (number, wire) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wire)
            {
                case 0:
                    yield return new Field(number, wire, ReadVarint(message.Span, ref position), default);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    yield return new Field(number, wire, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {wire} at byte {position} is not one OTLP uses");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <param name="Resource">The exporting process's resource attributes (service.name, fleet.roles).</param>
public sealed record ReceivedSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, SpanKind Kind, string Scope,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Resource)
{
    public string Roles => Resource.GetValueOrDefault("fleet.roles") ?? "";
}
