import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { describeError } from '../api/http';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Modal, ModalClose } from '@shared/ui/Modal';
import { TextField } from '@shared/ui/TextField';
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
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Pair a screen"
      description={
        <>
          Open <strong>/player</strong> on the screen's browser and type the code it shows.
        </>
      }
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
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
        <TextField label="Screen name" {...register('nickname')} error={formState.errors.nickname?.message} />
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">Cancel</Button>
          </ModalClose>
          <Button type="submit" busy={pair.isPending}>
            Pair screen
          </Button>
        </div>
      </form>
    </Modal>
  );
}
