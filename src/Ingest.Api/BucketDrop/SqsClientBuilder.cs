using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.SQS;

namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>An SQS client for AWS or any endpoint speaking SQS's JSON protocol (a local SQS server in tests and on one machine).</summary>
public static class SqsClientBuilder
{
    private const string DefaultEndpointRegion = "us-east-1";

    public static AmazonSQSClient Build(SqsQueueOptions options)
    {
        var config = new AmazonSQSConfig { HttpClientFactory = new TolerantHttpClientFactory() };
        if (options.ServiceUrl is { Length: > 0 } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.Region ?? DefaultEndpointRegion;
        }
        else if ((options.Region ?? RegionOf(options.QueueUrl)) is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return options.AccessKeyId is { Length: > 0 } accessKeyId && options.SecretAccessKey is { Length: > 0 } secretAccessKey
            ? new AmazonSQSClient(new BasicAWSCredentials(accessKeyId, secretAccessKey), config)
            : new AmazonSQSClient(config);
    }

    /// <summary>"eu-west-1" from https://sqs.eu-west-1.amazonaws.com/123456789012/queue; null for another host.</summary>
    public static string? RegionOf(string? queueUrl) =>
        Uri.TryCreate(queueUrl, UriKind.Absolute, out var url) && url.Host.Split('.') is ["sqs", var region, "amazonaws", ..] ? region : null;

    /// <summary>
    /// Some SQS servers answer a ReceiveMessage that found nothing with 200 and an empty body, which the SDK cannot
    /// parse as JSON; that answer is the empty object <c>{}</c> (no messages). AWS itself always sends a body.
    /// </summary>
    private sealed class TolerantHttpClientFactory : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new EmptyBodyAsEmptyObject { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } })
            {
                // Long polls last up to 20 s; the SDK's own timeout governs each call.
                Timeout = Timeout.InfiniteTimeSpan,
            };
    }

    private sealed class EmptyBodyAsEmptyObject : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentLength == 0)
            {
                var headers = response.Content.Headers.ContentType;
                response.Content = new StringContent("{}");
                response.Content.Headers.ContentType = headers ?? new MediaTypeHeaderValue("application/x-amz-json-1.0");
            }
            return response;
        }
    }
}
