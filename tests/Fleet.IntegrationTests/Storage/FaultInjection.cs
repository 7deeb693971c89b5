using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Fleet.IntegrationTests.Storage;

/// <summary>
/// A fake fault in front of the real S3 server, plugged in through the SDK's HttpClientFactory: s3rver never throttles,
/// breaks a connection or answers 412, so those answers are made here for the first requests, then requests go through.
/// It also records what was asked, to show how a write went up.
/// </summary>
public sealed class FaultInjection(int faultyRequests, Func<HttpRequestMessage, HttpResponseMessage> fault) : HttpClientFactory
{
    private readonly Func<HttpRequestMessage, HttpResponseMessage> fault = fault;
    private readonly int faultyRequests = faultyRequests;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> requestLines = new();
    private int seen;

    /// <summary>Requests that reached this handler, faulted or not.</summary>
    public int Requests => Volatile.Read(ref seen);

    /// <summary>"METHOD ?query" of every request, in order.</summary>
    public IReadOnlyList<string> RequestLines => requestLines.ToList();

    public static HttpResponseMessage SlowDown(HttpRequestMessage request) =>
        Error(request, HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate.");

    public static HttpResponseMessage PreconditionFailed(HttpRequestMessage request) =>
        Error(request, HttpStatusCode.PreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");

    public static HttpResponseMessage ConnectionReset(HttpRequestMessage request) =>
        throw new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer"));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new Handler(this) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private static HttpResponseMessage Error(HttpRequestMessage request, HttpStatusCode status, string code, string message) => new(status)
    {
        RequestMessage = request,
        Content = new StringContent(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault</RequestId></Error>",
            Encoding.UTF8, "application/xml"),
    };

    private sealed class Handler(FaultInjection faults) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            faults.requestLines.Enqueue($"{request.Method} {request.RequestUri?.Query}");
            if (Interlocked.Increment(ref faults.seen) <= faults.faultyRequests)
                return faults.fault(request);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
