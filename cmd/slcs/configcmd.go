package main

import (
	"github.com/spf13/cobra"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/config"
)

func newConfig(e *env) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective settings of the model",
		Long: `Config prints every setting of the model as a TOML file, with what each
means. With --config FILE it prints the settings that file gives (checking
them), with the defaults noted where they differ. Save the output, change
what you need, and pass it to classify with --config.`,
		Example: `  slcs config > settings.toml
  slcs config --config settings.toml`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s := slcs.DefaultSettings()
			if file != "" {
				var err error
				if s, err = config.Load(file); err != nil {
					return err
				}
			}
			return config.Write(e.stdout, s)
		},
	}
	cmd.Flags().StringVar(&file, "config", "", "read settings from this TOML file")
	return cmd
}
