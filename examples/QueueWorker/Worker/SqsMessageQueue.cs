using Amazon.SQS;
using Amazon.SQS.Model;

namespace ContainerPatterns.Examples.QueueWorker;

/// <summary>The SQS queue behind <see cref="IMessageQueue"/>.</summary>
/// <param name="sqs">The SQS client.</param>
/// <param name="queueUrl">The queue's URL (the QUEUE_URL variable QueueWorkerService sets).</param>
public sealed class SqsMessageQueue(IAmazonSQS sqs, string queueUrl) : IMessageQueue
{
    // SQS's longest receive wait: an idle worker makes one request every 20 seconds.
    private const int LongPollSeconds = 20;

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
