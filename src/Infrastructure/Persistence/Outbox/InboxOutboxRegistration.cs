using MassTransit;
using MassTransit.Configuration;
using Microsoft.Extensions.Configuration;

namespace Fleet.Infrastructure.Persistence.Outbox;

public static class InboxOutboxRegistration
{
    /// <summary>
    /// With Kind=Postgres, the transactional inbox/outbox on every consumer and saga configured on this endpoint
    /// after this call (so call it first, e.g. from <c>AddConfigureEndpointsCallback</c>). With Kind=InMemory it adds
    /// nothing: the embedded bus keeps MassTransit's in-memory outbox.
    /// </summary>
    public static void UseFleetInboxOutbox(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context, IConfiguration configuration)
    {
        if (DatabaseOptions.From(configuration).Kind != DatabaseKind.Postgres)
            return;
        var observer = new OutboxConsumePipeSpecificationObserver<IDbSession>(endpoint, context);
        endpoint.ConnectConsumerConfigurationObserver(observer);
        endpoint.ConnectSagaConfigurationObserver(observer);
    }
}
