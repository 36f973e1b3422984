import * as Dialog from '@radix-ui/react-dialog';
import { zodResolver } from '@hookform/resolvers/zod';
import { X } from 'lucide-react';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { describeError } from '../api/http';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { usePairDevice } from './devices';

const schema = z.object({
  code: z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{6}$/, 'The code is the 6 letters and digits shown on the screen.')),
  nickname: z.string().trim().min(1, 'Give the screen a name, e.g. "Lobby".').max(100),
});
type Values = z.input<typeof schema>;

// Pairs a screen by the code it shows (or the code from its QR link, given as `code`).
export function PairDialog({
  open,
  onOpenChange,
  code = '',
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  code?: string;
}) {
  const pair = usePairDevice();
  const { register, handleSubmit, formState, reset } = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { code, nickname: '' },
  });
  useEffect(() => {
    if (open) {
      reset({ code, nickname: '' });
      pair.reset();
    }
    // Fresh on every opening (not on every render: `pair` and `reset` change identity).
  }, [open, code]);
  const submit = handleSubmit((values) => pair.mutate(values, { onSuccess: () => onOpenChange(false) }));
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
          <div className="flex items-start justify-between gap-4">
            <Dialog.Title className="text-lg font-semibold">Pair a screen</Dialog.Title>
            <Dialog.Close asChild>
              <Button variant="ghost" aria-label="Close">
                <X aria-hidden="true" size={18} />
              </Button>
            </Dialog.Close>
          </div>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            Open <strong>/player</strong> on the screen's browser and type the code it shows.
          </Dialog.Description>
          <form onSubmit={submit} noValidate className="mt-4 flex flex-col gap-4">
            {pair.error && <Alert>{describeError(pair.error)}</Alert>}
            <TextField
              label="Pairing code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={6}
              className="font-mono"
              {...register('code')}
              error={formState.errors.code?.message}
            />
            <TextField
              label="Screen name"
              {...register('nickname')}
              error={formState.errors.nickname?.message}
            />
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button variant="secondary">Cancel</Button>
              </Dialog.Close>
              <Button type="submit" busy={pair.isPending}>
                Pair screen
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
