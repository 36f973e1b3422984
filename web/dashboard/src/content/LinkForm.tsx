import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { describeError } from '../api/http';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { useCreateLinked } from './content';

const schema = z.object({
  type: z.enum(['webpage', 'dashboard', 'data_feed']),
  title: z.string().trim().min(1, 'Give it a title.'),
  url: z.url({ protocol: /^https?$/, error: 'Enter a web address starting with https:// or http://.' }),
});
type Values = z.infer<typeof schema>;

// Web pages, dashboards and data feeds are addresses, not files.
export function LinkForm({ onDone }: { onDone: () => void }) {
  const create = useCreateLinked();
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
          Kind
        </label>
        <select
          id="link-type"
          {...register('type')}
          className="min-h-10 rounded-md border border-slate-300 dark:border-slate-600 bg-white dark:bg-slate-900 px-3 text-sm"
        >
          <option value="webpage">Web page</option>
          <option value="dashboard">Dashboard</option>
          <option value="data_feed">Data feed (RSS, Atom or JSON)</option>
        </select>
      </div>
      <TextField label="Title" {...register('title')} error={formState.errors.title?.message} />
      <TextField
        label="Address"
        type="url"
        placeholder="https://"
        {...register('url')}
        error={formState.errors.url?.message}
      />
      <div className="flex justify-end">
        <Button type="submit" busy={create.isPending}>
          Add
        </Button>
      </div>
    </form>
  );
}
