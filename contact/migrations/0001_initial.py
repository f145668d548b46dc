import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The office's contact point, shown on every page, and the messages visitors send it through the contact form."""

    initial = True

    dependencies = [
        ('projects', '0016_cordis_results_import'),
    ]

    operations = [
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('body', models.TextField(max_length=5000, verbose_name='message')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                ('email', models.EmailField(max_length=254, verbose_name='email')),
                ('about', models.CharField(blank=True, help_text="The topic or call the message is about, as the visitor wrote it or the call's page filled it in.", max_length=200, verbose_name='topic or call')),
                ('language', models.CharField(blank=True, help_text='The language of the page it was sent from.', max_length=10, verbose_name='language')),
                ('status', models.CharField(choices=[('new', 'New'), ('answered', 'Answered'), ('closed', 'Closed')], default='new', max_length=10, verbose_name='status')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='received')),
            ],
            options={
                'verbose_name': 'message',
                'verbose_name_plural': 'messages',
                'ordering': ['-created'],
                'indexes': [models.Index(fields=['created'], name='contact_message_created'), models.Index(fields=['status', 'created'], name='contact_message_status')],
            },
        ),
        migrations.CreateModel(
            name='ContactPoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('office_name', models.CharField(help_text='e.g. “Ufficio Progetti europei” / “EU projects office”.', max_length=200, verbose_name='office name')),
                ('office_name_it', models.CharField(help_text='e.g. “Ufficio Progetti europei” / “EU projects office”.', max_length=200, null=True, verbose_name='office name')),
                ('office_name_en', models.CharField(help_text='e.g. “Ufficio Progetti europei” / “EU projects office”.', max_length=200, null=True, verbose_name='office name')),
                ('street_address', models.CharField(blank=True, help_text='e.g. “Via Francesco Rubichi, 16”.', max_length=200, verbose_name='street address')),
                ('postal_code', models.CharField(blank=True, help_text='e.g. “73100”.', max_length=20, verbose_name='postal code')),
                ('city', models.CharField(blank=True, help_text='e.g. “Lecce”.', max_length=100, verbose_name='city')),
                ('email', models.EmailField(blank=True, help_text='Shown on the site; messages sent through the contact form go to it, e.g. europa@comune.lecce.it.', max_length=254, verbose_name='email')),
                ('phone', models.CharField(blank=True, help_text='With the country code, e.g. “+39 0832 682111”.', max_length=30, validators=[django.core.validators.RegexValidator('^\\+?[0-9][0-9 ./()-]{4,28}[0-9]$', 'Write a telephone number with digits, spaces and an optional leading +, e.g. “+39 0832 682111”.')], verbose_name='telephone')),
                ('opening_hours', models.TextField(blank=True, help_text='In words, e.g. “Monday to Friday 9:00–12:00; Tuesday and Thursday also 15:30–17:30”.', verbose_name='opening hours')),
                ('opening_hours_it', models.TextField(blank=True, help_text='In words, e.g. “Monday to Friday 9:00–12:00; Tuesday and Thursday also 15:30–17:30”.', null=True, verbose_name='opening hours')),
                ('opening_hours_en', models.TextField(blank=True, help_text='In words, e.g. “Monday to Friday 9:00–12:00; Tuesday and Thursday also 15:30–17:30”.', null=True, verbose_name='opening hours')),
                ('is_published', models.BooleanField(default=True, help_text='An unpublished contact point appears nowhere on the public site.', verbose_name='published')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('organisation', models.OneToOneField(help_text='Normally the featured organisation, the municipality.', on_delete=django.db.models.deletion.CASCADE, related_name='contact_point', to='projects.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'contact point',
                'verbose_name_plural': 'contact points',
                'ordering': ['organisation__name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('is_published', False), models.Q(('email', ''), _negated=True), models.Q(('phone', ''), _negated=True), _connector='OR'), name='contact_contactpoint_reachable', violation_error_message='A published contact point needs an email address or a telephone number.')],
            },
        ),
    ]
