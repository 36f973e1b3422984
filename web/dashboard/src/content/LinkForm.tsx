import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ruleMessage } from '@shared/i18n/intl';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { useCreateLinked } from './content';

const schema = z.object({
  type: z.enum(['webpage', 'dashboard', 'data_feed']),
  title: z.string().trim().min(1, ruleMessage('link.titleRule')),
  url: z.url({ protocol: /^https?$/, ...ruleMessage('link.urlRule') }),
});
type Values = z.infer<typeof schema>;

// Web pages, dashboards and data feeds are addresses, not files.
export function LinkForm({ onDone }: { onDone: () => void }) {
  const create = useCreateLinked();
  const { formatMessage } = useIntl();
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { type: 'webpage', title: '', url: '' },
  });
  return (
    <form
      onSubmit={handleSubmit((v) => create.mutate(v, { onSuccess: onDone }))}
      noValidate
      className="flex flex-col gap-4"
    >
      {create.error && <Alert>{describeError(create.error)}</Alert>}
      <div className="flex flex-col gap-1">
        <label htmlFor="link-type" className="text-sm font-medium">
          <FormattedMessage id="link.kind" />
        </label>
        <select
          id="link-type"
          {...register('type')}
          className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
        >
          <option value="webpage">{formatMessage({ id: 'contentType.webpage' })}</option>
          <option value="dashboard">{formatMessage({ id: 'contentType.dashboard' })}</option>
          <option value="data_feed">{formatMessage({ id: 'link.feedKind' })}</option>
        </select>
      </div>
      <TextField
        label={formatMessage({ id: 'content.title' })}
        {...register('title')}
        error={formState.errors.title?.message}
      />
      <TextField
        label={formatMessage({ id: 'link.address' })}
        type="url"
        placeholder="https://"
        {...register('url')}
        error={formState.errors.url?.message}
      />
      <div className="flex justify-end">
        <Button type="submit" busy={create.isPending}>
          <FormattedMessage id="link.add" />
        </Button>
      </div>
    </form>
  );
}
