using Microsoft.Extensions.Options;

namespace Fleet.Infrastructure.Messaging;

/// <summary>One line per bad setting, named by its configuration key.</summary>
public sealed class BusOptionsValidation : IValidateOptions<BusOptions>
{
    public ValidateOptionsResult Validate(string? name, BusOptions options)
    {
        if (options.Transport != BusTransport.RabbitMq)
            return ValidateOptionsResult.Success;

        var rabbit = options.RabbitMq;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(rabbit.Host))
            errors.Add("Fleet:Bus:RabbitMq:Host is empty; name the broker's host (e.g. 127.0.0.1).");
        if (rabbit.Port is < 1 or > 65535)
            errors.Add($"Fleet:Bus:RabbitMq:Port is {rabbit.Port}; it must be 1-65535.");
        if (string.IsNullOrWhiteSpace(rabbit.Username))
            errors.Add("Fleet:Bus:RabbitMq:Username is empty.");
        if (string.IsNullOrEmpty(rabbit.VirtualHost))
            errors.Add("Fleet:Bus:RabbitMq:VirtualHost is empty; the default virtual host is '/'.");
        if (rabbit.ChunkDeliveryLimit is < 1 or > 100)
            errors.Add($"Fleet:Bus:RabbitMq:ChunkDeliveryLimit is {rabbit.ChunkDeliveryLimit}; it must be 1-100.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
