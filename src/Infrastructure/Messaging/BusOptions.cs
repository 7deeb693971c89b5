namespace Fleet.Infrastructure.Messaging;

public enum BusTransport
{
    /// <summary>MassTransit's in-memory transport: every role in one process (the embedded default).</summary>
    InMemory,

    /// <summary>A RabbitMQ broker shared by every process of the fleet.</summary>
    RabbitMq,
}

/// <summary>Which message transport the process joins, and where the broker is.</summary>
public sealed class BusOptions
{
    public const string Section = "Fleet:Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    public RabbitMqOptions RabbitMq { get; set; } = new();
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    /// <summary>AMQP over TLS (AMQPS, usually port 5671), checking the broker's certificate against <see cref="Host"/>. Amazon MQ accepts only this.</summary>
    public bool UseTls { get; set; }

    /// <summary>The management API (queue depths for operators); optional.</summary>
    public Uri? ManagementUrl { get; set; }

    /// <summary>
    /// Deliveries of one page chunk before the broker gives up on it. Only deliveries that ended without an answer
    /// count (the worker process died, or lost its connection): a chunk that faults is answered and fails its
    /// document through MassTransit's retries instead.
    /// </summary>
    public int ChunkDeliveryLimit { get; set; } = 3;
}
