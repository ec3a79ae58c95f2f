using Amazon.SQS;
using Amazon.SQS.Model;

namespace ContainerPatterns.Examples.QueueWorker;

/// <summary>The SQS queue behind <see cref="IMessageQueue"/>.</summary>
/// <param name="sqs">The SQS client.</param>
/// <param name="queueUrl">The queue's URL (the QUEUE_URL variable QueueWorkerService sets).</param>
public sealed class SqsMessageQueue(IAmazonSQS sqs, string queueUrl) : IMessageQueue
{
    // The task is protected while it polls (a message must not arrive in an unprotected task), so a poll waits only a
    // second (a long poll all the same: it asks every SQS server, so it finds a waiting message); the worker rests
    // unprotected between idle polls.
    private const int LongPollSeconds = 1;

    /// <inheritdoc/>
    public async Task<QueueMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 1,
            WaitTimeSeconds = LongPollSeconds,
        }, cancellationToken);
        var message = response.Messages?.FirstOrDefault();
        return message is null ? null : new QueueMessage(message.MessageId, message.ReceiptHandle, message.Body);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, cancellationToken);
    }
}
